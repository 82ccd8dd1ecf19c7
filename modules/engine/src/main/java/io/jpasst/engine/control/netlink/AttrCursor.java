package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Rtnl;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Walks a run of attributes (top-level, nested, or inside a nexthop) within fixed bounds.
 * Each accessor checks the attribute's length first: an attribute too short for the value
 * asked for is a {@link MalformedReplyException}, never an out-of-bounds read.
 */
public final class AttrCursor extends LengthPrefixedWalk {
    AttrCursor(MemorySegment seg, long start, long end) {
        super(seg, start, end, Rtnl.RTATTR_SIZE, "attribute");
    }

    /** The attribute type without the nested / byte-order flag bits. */
    public int type() {
        return HostOrder.u16(seg, current() + Rtnl.RTA_TYPE_OFF) & NetlinkAbi.NLA_TYPE_MASK;
    }

    public int valueLength() {
        return currentLength() - Rtnl.RTATTR_SIZE;
    }

    public int u8() {
        return HostOrder.u8(seg, value(1));
    }

    public int i32() {
        return HostOrder.i32(seg, value(4));
    }

    public byte[] bytes() {
        int n = valueLength();
        byte[] b = new byte[n];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, value(n), b, 0, n);
        return b;
    }

    /** A C string value: up to the first NUL or the end of the attribute. */
    public String string() {
        byte[] b = bytes();
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** An IPv4 or IPv6 address value; anything but 4 or 16 bytes is malformed. */
    public InetAddress address() {
        byte[] b = bytes();
        if (b.length != 4 && b.length != 16) {
            throw new MalformedReplyException("address attribute of " + b.length + " bytes");
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new MalformedReplyException("address attribute: " + e.getMessage());
        }
    }

    /** The attributes nested inside this one. */
    public AttrCursor nested() {
        long start = current() + Rtnl.RTATTR_SIZE;
        return new AttrCursor(seg, start, currentEnd());
    }

    /** The rtnexthop entries inside an RTA_MULTIPATH attribute. */
    public NextHopCursor nextHops() {
        long start = current() + Rtnl.RTATTR_SIZE;
        return new NextHopCursor(seg, start, currentEnd());
    }

    private long value(int size) {
        if (valueLength() < size) {
            throw new MalformedReplyException("attribute " + type() + " has " + valueLength()
                    + " bytes, needs " + size);
        }
        return current() + Rtnl.RTATTR_SIZE;
    }
}

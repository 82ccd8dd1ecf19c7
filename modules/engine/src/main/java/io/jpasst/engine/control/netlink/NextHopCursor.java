package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Rtnl;

import java.lang.foreign.MemorySegment;

/**
 * Walks the {@code rtnexthop} entries of an RTA_MULTIPATH attribute, with the same bounds
 * discipline as {@link AttrCursor}: each entry's length is checked before any field is read.
 */
public final class NextHopCursor extends LengthPrefixedWalk {
    NextHopCursor(MemorySegment seg, long start, long end) {
        super(seg, start, end, Rtnl.RTNEXTHOP_SIZE, "nexthop");
    }

    public int flags() {
        return HostOrder.u8(seg, current() + Rtnl.RTNH_FLAGS_OFF);
    }

    /** rtnh_hops: the weight minus one. */
    public int hops() {
        return HostOrder.u8(seg, current() + Rtnl.RTNH_HOPS_OFF);
    }

    public int ifIndex() {
        return HostOrder.i32(seg, current() + Rtnl.RTNH_IFINDEX_OFF);
    }

    /** The nexthop's own attributes (its RTA_GATEWAY). */
    public AttrCursor attributes() {
        return new AttrCursor(seg, current() + Rtnl.RTNEXTHOP_SIZE, currentEnd());
    }
}

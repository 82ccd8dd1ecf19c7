package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Errno;
import io.jpasst.sys.Rtnl;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Builds one netlink request in a preallocated segment: the header, a family struct
 * (ifinfomsg, ifaddrmsg, rtmsg) and attributes, nested ones included, each padded to
 * netlink's 4-byte alignment. The writer is reused for every request of a session; nothing
 * is allocated per request. Overflowing the segment is reported as EMSGSIZE, not as an
 * index error.
 */
public final class RequestWriter {
    private final MemorySegment buf;
    private int pos;

    public RequestWriter(MemorySegment buf) {
        this.buf = buf;
    }

    /** Starts a new message, discarding the previous one. */
    public RequestWriter begin(int type, int flags, int seq) {
        pos = 0;
        int hdr = reserve(Rtnl.NLMSG_HDRLEN);
        HostOrder.u16(buf, hdr + Rtnl.NLMSG_TYPE_OFF, type);
        HostOrder.u16(buf, hdr + Rtnl.NLMSG_FLAGS_OFF, flags);
        HostOrder.i32(buf, hdr + Rtnl.NLMSG_SEQ_OFF, seq);
        return this;
    }

    /**
     * Appends {@code size} zeroed bytes (a family struct or a nexthop header) and returns
     * their offset, for the {@code u8/u16/i32} setters.
     */
    public int reserve(int size) {
        int start = pos;
        int end = start + NetlinkAbi.align(size);
        if (size < 0 || end > buf.byteSize()) {
            throw new NetlinkException("netlink request larger than " + buf.byteSize() + " bytes",
                    Errno.EMSGSIZE, true);
        }
        buf.asSlice(start, end - start).fill((byte) 0);
        pos = end;
        return start;
    }

    public RequestWriter u8(int off, int v) {
        HostOrder.u8(buf, off, v);
        return this;
    }

    public RequestWriter u16(int off, int v) {
        HostOrder.u16(buf, off, v);
        return this;
    }

    public RequestWriter i32(int off, int v) {
        HostOrder.i32(buf, off, v);
        return this;
    }

    public RequestWriter attr(int type, byte[] value) {
        int start = attrHeader(type, value.length);
        MemorySegment.copy(value, 0, buf, ValueLayout.JAVA_BYTE,
                start + Rtnl.RTATTR_SIZE, value.length);
        return this;
    }

    public RequestWriter attrU8(int type, int v) {
        HostOrder.u8(buf, attrHeader(type, 1) + Rtnl.RTATTR_SIZE, v);
        return this;
    }

    public RequestWriter attrI32(int type, int v) {
        HostOrder.i32(buf, attrHeader(type, 4) + Rtnl.RTATTR_SIZE, v);
        return this;
    }

    /** A NUL-terminated string attribute, as IFLA_IFNAME expects. */
    public RequestWriter attrString(int type, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return attr(type, z);
    }

    /** Opens a nested attribute; attributes appended until {@link #end} are its content. */
    public int beginNested(int type) {
        return attrHeader(type, 0);
    }

    /**
     * Opens an {@code rtnexthop} inside RTA_MULTIPATH; the nexthop's own attributes (its
     * gateway) follow until {@link #end}.
     */
    public int beginNextHop(int flags, int hops, int ifIndex) {
        int start = reserve(Rtnl.RTNEXTHOP_SIZE);
        HostOrder.u8(buf, start + Rtnl.RTNH_FLAGS_OFF, flags);
        HostOrder.u8(buf, start + Rtnl.RTNH_HOPS_OFF, hops);
        HostOrder.i32(buf, start + Rtnl.RTNH_IFINDEX_OFF, ifIndex);
        return start;
    }

    /**
     * Closes a nested attribute or nexthop opened at {@code start}: both begin with a 16-bit
     * length that must cover everything appended since.
     */
    public RequestWriter end(int start) {
        HostOrder.u16(buf, start, pos - start);
        return this;
    }

    /** Writes the total length into the header; returns it. */
    public int finish() {
        HostOrder.i32(buf, Rtnl.NLMSG_LEN_OFF, pos);
        return pos;
    }

    public int length() {
        return pos;
    }

    public MemorySegment segment() {
        return buf;
    }

    private int attrHeader(int type, int payload) {
        int start = reserve(Rtnl.RTATTR_SIZE + payload);
        HostOrder.u16(buf, start + Rtnl.RTA_LEN_OFF, Rtnl.RTATTR_SIZE + payload);
        HostOrder.u16(buf, start + Rtnl.RTA_TYPE_OFF, type);
        return start;
    }
}

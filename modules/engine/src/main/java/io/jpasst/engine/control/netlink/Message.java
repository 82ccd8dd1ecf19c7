package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Rtnl;

import java.lang.foreign.MemorySegment;

/**
 * One netlink message inside a receive buffer, already checked to lie within the datagram.
 * A view, valid until the buffer is reused by the next receive. Family-struct fields are read
 * through {@link #u8}/{@link #i32} at offsets relative to the payload, after
 * {@link #requirePayload} has confirmed the struct is there.
 */
public final class Message {
    private final MemorySegment seg;
    private final long off;
    private final int len;

    Message(MemorySegment seg, long off, int len) {
        this.seg = seg;
        this.off = off;
        this.len = len;
    }

    public int type() {
        return HostOrder.u16(seg, off + Rtnl.NLMSG_TYPE_OFF);
    }

    public int flags() {
        return HostOrder.u16(seg, off + Rtnl.NLMSG_FLAGS_OFF);
    }

    public int seq() {
        return HostOrder.i32(seg, off + Rtnl.NLMSG_SEQ_OFF);
    }

    public int payloadLength() {
        return len - Rtnl.NLMSG_HDRLEN;
    }

    /** Fails with a clear error unless the payload holds at least {@code size} bytes. */
    public Message requirePayload(int size, String what) {
        if (payloadLength() < size) {
            throw new MalformedReplyException(what + " shorter than " + size + " bytes");
        }
        return this;
    }

    public int u8(int payloadOff) {
        return HostOrder.u8(seg, off + Rtnl.NLMSG_HDRLEN + payloadOff);
    }

    public int u16(int payloadOff) {
        return HostOrder.u16(seg, off + Rtnl.NLMSG_HDRLEN + payloadOff);
    }

    public int i32(int payloadOff) {
        return HostOrder.i32(seg, off + Rtnl.NLMSG_HDRLEN + payloadOff);
    }

    /** The attributes that follow a family struct of {@code structSize} bytes. */
    public AttrCursor attributes(int structSize) {
        requirePayload(structSize, "message type " + type());
        long start = off + Rtnl.NLMSG_HDRLEN + NetlinkAbi.align(structSize);
        return new AttrCursor(seg, Math.min(start, off + len), off + len);
    }

    /**
     * The error code of an NLMSG_ERROR (0 for an ack, else {@code -errno}) or of an
     * NLMSG_DONE that ends a failed dump (kernels before 4.x may send DONE without one: 0).
     */
    public int errorCode() {
        if (type() == Rtnl.NLMSG_DONE && payloadLength() < 4) {
            return 0;
        }
        requirePayload(Rtnl.NLMSGERR_ERROR_OFF + 4, "error message");
        return i32(Rtnl.NLMSGERR_ERROR_OFF);
    }

    /**
     * The kernel's explanation attached to an NLMSG_ERROR by the extended ack
     * (NLMSGERR_ATTR_MSG), or null. The attributes follow the echoed request: just its
     * header when the ack is capped, else the whole request.
     */
    public String errorText() {
        if (type() != Rtnl.NLMSG_ERROR || (flags() & Rtnl.NLM_F_ACK_TLVS) == 0) {
            return null;
        }
        requirePayload(Rtnl.NLMSGERR_SIZE, "extended ack");
        int echoed = (flags() & Rtnl.NLM_F_CAPPED) != 0 ? Rtnl.NLMSG_HDRLEN
                : i32(Rtnl.NLMSGERR_MSG_OFF + Rtnl.NLMSG_LEN_OFF);
        if (echoed < Rtnl.NLMSG_HDRLEN || echoed > payloadLength() - Rtnl.NLMSGERR_MSG_OFF) {
            throw new MalformedReplyException("extended ack echoes " + echoed + " bytes");
        }
        AttrCursor a = attributes(Rtnl.NLMSGERR_MSG_OFF + echoed);
        while (a.next()) {
            if (a.type() == Rtnl.NLMSGERR_ATTR_MSG) {
                return a.string();
            }
        }
        return null;
    }
}

package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Rtnl;

import java.lang.foreign.MemorySegment;

/**
 * Walks the messages of one received datagram. Every header is checked against the bytes
 * actually received before it is exposed, so a lying length field ends the walk with a
 * {@link MalformedReplyException} instead of reading past the datagram.
 */
public final class MessageCursor {
    private final MemorySegment seg;
    private final long end;
    private long next;
    private Message current;

    /** @param length the number of bytes the datagram holds, from the start of {@code seg} */
    public MessageCursor(MemorySegment seg, long length) {
        if (length < 0 || length > seg.byteSize()) {
            throw new MalformedReplyException("datagram of " + length + " bytes in a buffer of "
                    + seg.byteSize());
        }
        this.seg = seg;
        this.end = length;
    }

    /** Advances to the next message; false at the end of the datagram. */
    public boolean next() {
        long left = end - next;
        if (left <= 0) {
            current = null;
            return false;
        }
        if (left < Rtnl.NLMSG_HDRLEN) {
            throw new MalformedReplyException(left + " trailing bytes, less than a header");
        }
        int len = HostOrder.i32(seg, next + Rtnl.NLMSG_LEN_OFF);
        if (len < Rtnl.NLMSG_HDRLEN || len > left) {
            throw new MalformedReplyException("message length " + Integer.toUnsignedString(len)
                    + " with " + left + " bytes left");
        }
        current = new Message(seg, next, len);
        next = Math.min(end, next + NetlinkAbi.align(len));
        return true;
    }

    public Message message() {
        if (current == null) {
            throw new IllegalStateException("no current message");
        }
        return current;
    }
}

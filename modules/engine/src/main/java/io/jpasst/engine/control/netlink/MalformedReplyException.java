package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Errno;
/**
 * A reply that does not follow the netlink framing rules (lengths past the end of the
 * datagram, attributes shorter than their header, truncated datagrams...). Raised by the
 * bounds checks of the reader so that a bad reply never surfaces as an index error.
 */
public final class MalformedReplyException extends NetlinkException {
    private static final long serialVersionUID = 1L;

    public MalformedReplyException(String what) {
        super("malformed netlink reply: " + what, Errno.EPROTO, true);
    }
}

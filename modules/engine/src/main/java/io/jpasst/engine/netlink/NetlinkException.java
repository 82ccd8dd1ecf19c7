package io.jpasst.engine.netlink;

import io.jpasst.sys.Errno;

/**
 * A netlink operation that failed: either the kernel answered with an error (then
 * {@link #errno()} is the positive errno) or the reply could not be understood
 * (see {@link MalformedReplyException}). Carries which operation it was, for one clear message.
 */
public class NetlinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public NetlinkException(String operation, int errno) {
        super(operation + ": " + Errno.message(errno));
        this.errno = errno;
    }

    protected NetlinkException(String message, int errno, boolean raw) {
        super(message);
        this.errno = errno;
    }

    /** The positive errno the kernel reported (EPROTO for replies we could not parse). */
    public int errno() {
        return errno;
    }

    /** The kernel's reason alone, without the operation, for warning lines. */
    public String reason() {
        return Errno.message(errno);
    }
}

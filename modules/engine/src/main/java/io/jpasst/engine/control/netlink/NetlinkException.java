package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Errno;

/**
 * A netlink operation that failed: either the kernel answered with an error (then
 * {@link #errno()} is the positive errno, and {@link #kernelText()} the kernel's own
 * explanation when it gave one through the extended ack) or the reply could not be
 * understood (see {@link MalformedReplyException}). Names the operation, for one clear line.
 */
public class NetlinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;
    private final String kernelText;
    /** The message is the whole text: no operation and reason to join. */
    private final boolean raw;

    public NetlinkException(String operation, int errno) {
        this(operation, errno, null);
    }

    /** @param kernelText the extended-ack message, or null */
    public NetlinkException(String operation, int errno, String kernelText) {
        super(operation);
        this.errno = errno;
        this.kernelText = kernelText;
        this.raw = false;
    }

    protected NetlinkException(String message, int errno, boolean raw) {
        super(message);
        this.errno = errno;
        this.kernelText = null;
        this.raw = true;
    }

    /**
     * Built when read, not when thrown: start-up meets expected failures (EEXIST for a route
     * the kernel already made) that nobody prints, and the errno texts cost a table built
     * from libc at first use.
     */
    @Override
    public String getMessage() {
        String m = super.getMessage();
        return raw ? m : m + ": " + reason(errno, kernelText);
    }

    /** The positive errno the kernel reported (EPROTO for replies we could not parse). */
    public int errno() {
        return errno;
    }

    /** What the kernel said beyond the errno (e.g. "Nexthop has invalid gateway"), or null. */
    public String kernelText() {
        return kernelText;
    }

    /** The kernel's reason alone, without the operation, for warning lines. */
    public String reason() {
        return reason(errno, kernelText);
    }

    private static String reason(int errno, String text) {
        return text == null || text.isBlank() ? Errno.message(errno)
                : Errno.message(errno) + " (" + text + ")";
    }
}

package io.jpasst.sys;

/** A failed slow-path system call: which call, and the errno it returned. */
public final class SysException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    /** @param errno the errno value; a negated one (as hot-path calls return it) is accepted too */
    public SysException(String operation, int errno) {
        super(operation + ": " + Errno.describe(errno));
        this.errno = Math.abs(errno);
    }

    public int errno() {
        return errno;
    }

    /** {@code result} if non-negative, else throws for {@code -errno}: for slow-path callers. */
    public static int check(String operation, int result) {
        if (result < 0) {
            throw new SysException(operation, -result);
        }
        return result;
    }

    public static long check(String operation, long result) {
        if (result < 0) {
            throw new SysException(operation, (int) -result);
        }
        return result;
    }
}

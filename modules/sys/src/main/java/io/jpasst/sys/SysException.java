package io.jpasst.sys;

/** A failed slow-path system call: which call, and the errno it returned. */
public final class SysException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public SysException(String operation, int errno) {
        super(operation + ": errno " + errno);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}

package io.jpasst.sys;

import java.lang.invoke.MethodHandle;

/**
 * The recurring shapes of an errno-capturing downcall: invoke with this thread's capture
 * segment, map -1 to -errno. Callers pass their static final handle; these small methods
 * inline into them, so the handle stays a JIT constant. The callers, not these, are what
 * bin/pasta keeps out of line: a method taking the handle as a parameter must always be
 * inlined into the one that names the handle.
 */
final class Invoke {
    private Invoke() {}

    /** {@code int f(void)} */
    static int int0(MethodHandle h) {
        Scratch s = Scratch.get();
        try {
            return s.check((int) h.invokeExact(s.errno));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** {@code int f(int)} */
    static int int1(MethodHandle h, int a) {
        Scratch s = Scratch.get();
        try {
            return s.check((int) h.invokeExact(s.errno, a));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** {@code int f(int, int)} */
    static int int2(MethodHandle h, int a, int b) {
        Scratch s = Scratch.get();
        try {
            return s.check((int) h.invokeExact(s.errno, a, b));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** {@code int f(int, int, int)} */
    static int int3(MethodHandle h, int a, int b, int c) {
        Scratch s = Scratch.get();
        try {
            return s.check((int) h.invokeExact(s.errno, a, b, c));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** {@code int f(int fd, const void *p, int n)}: bind, connect. */
    static int fdPtrInt(MethodHandle h, int fd, long p, int n) {
        Scratch s = Scratch.get();
        try {
            return s.check((int) h.invokeExact(s.errno, fd, p, n));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** {@code ssize_t f(int fd, void *p, int n)}: readv, writev, recvmsg, sendmsg. */
    static long sizeFdPtrInt(MethodHandle h, int fd, long p, int n) {
        Scratch s = Scratch.get();
        try {
            return s.check((long) h.invokeExact(s.errno, fd, p, n));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** {@code ssize_t f(int fd, void *buf, size_t len)}: read, write. */
    static long transfer(MethodHandle h, int fd, long buf, long len) {
        Scratch s = Scratch.get();
        try {
            return s.check((long) h.invokeExact(s.errno, fd, buf, len));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** {@code ssize_t f(int fd, void *buf, size_t len, int flags)}: recv, send. */
    static long transfer(MethodHandle h, int fd, long buf, long len, int flags) {
        Scratch s = Scratch.get();
        try {
            return s.check((long) h.invokeExact(s.errno, fd, buf, len, flags));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}

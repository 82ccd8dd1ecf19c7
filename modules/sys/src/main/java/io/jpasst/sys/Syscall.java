package io.jpasst.sys;

import io.jpasst.sys.gen.process.process_h;
import java.lang.invoke.MethodHandle;

/**
 * libc's {@code long syscall(long number, ...)} with six {@code long} arguments: one downcall
 * shape that serves any system call. Why: the foreign linker generates a stub class and a
 * dozen lambda-form classes per distinct shape at run time, which the AOT cache cannot hold
 * (about 10 ms of start-up each); a call made through this handle costs none once it is
 * linked. New calls on the start path should come here rather than get a handle of their own.
 * Not for per-packet calls: through this variadic handle a call allocates about 27 bytes even
 * when compiled (seen with epoll_ctl in HotPathAllocationTest), so the data path's calls keep
 * handles of their own (read, write, epoll_ctl, and setsockopt and ioctl, which TCP calls per
 * segment for SO_PEEK_OFF and SIOCOUTQ). Per-flow calls (socket, bind, close) may come here.
 */
final class Syscall {
    private Syscall() {}

    private static final class SYSCALL {
        static final MethodHandle H = Native.variadic(process_h.syscall.address(),
                process_h.syscall.descriptorFor(process_h.C_LONG, process_h.C_LONG, process_h.C_LONG,
                        process_h.C_LONG, process_h.C_LONG, process_h.C_LONG),
                1, Native.Mode.MAY_BLOCK);
    }

    static long call(long number, long a) {
        return call(number, a, 0, 0, 0, 0, 0);
    }

    static long call(long number, long a, long b) {
        return call(number, a, b, 0, 0, 0, 0);
    }

    static long call(long number, long a, long b, long c) {
        return call(number, a, b, c, 0, 0, 0);
    }

    static long call(long number, long a, long b, long c, long d) {
        return call(number, a, b, c, d, 0, 0);
    }

    static long call(long number, long a, long b, long c, long d, long e) {
        return call(number, a, b, c, d, e, 0);
    }

    /** The result, or -errno. Unused trailing arguments are passed as 0. */
    static long call(long number, long a, long b, long c, long d, long e, long f) {
        Scratch s = Scratch.get();
        try {
            return s.check((long) SYSCALL.H.invokeExact(s.errno, number, a, b, c, d, e, f));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}

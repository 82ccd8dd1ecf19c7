package io.jpasst.sys;

import io.jpasst.sys.gen.process.process_h;
import java.lang.invoke.MethodHandle;

/**
 * libc's {@code long syscall(long number, ...)} with six {@code long} arguments: one downcall
 * shape that serves any system call. Why: the foreign linker generates a stub class and a
 * dozen lambda-form classes per distinct shape at run time, which the AOT cache cannot hold
 * (about 10 ms of start-up each); a call made through this handle costs none once it is
 * linked. New calls on the start path should come here rather than get a handle of their own.
 */
final class Syscall {
    private Syscall() {}

    private static final class SYSCALL {
        static final MethodHandle H = Native.variadic(process_h.syscall.address(),
                process_h.syscall.descriptorFor(process_h.C_LONG, process_h.C_LONG, process_h.C_LONG,
                        process_h.C_LONG, process_h.C_LONG, process_h.C_LONG),
                1, Native.Mode.MAY_BLOCK);
    }

    /** The result, or -errno. */
    static long call(long number, long a, long b, long c, long d, long e, long f) {
        Scratch s = Scratch.get();
        try {
            return s.check((long) SYSCALL.H.invokeExact(s.errno, number, a, b, c, d, e, f));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}

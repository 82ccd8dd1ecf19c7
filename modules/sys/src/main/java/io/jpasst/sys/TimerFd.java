package io.jpasst.sys;

import static io.jpasst.sys.Native.Mode.SHORT;

import io.jpasst.sys.gen.timer.itimerspec;
import io.jpasst.sys.gen.timer.timer_h;
import io.jpasst.sys.gen.timer.timespec;
import io.jpasst.sys.gen.process.process_h;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** timerfd: the event loop's periodic and one-shot timers, as pollable descriptors. */
public final class TimerFd {
    private TimerFd() {}

    public static final int TFD_CLOEXEC = timer_h.TFD_CLOEXEC();
    public static final int TFD_NONBLOCK = timer_h.TFD_NONBLOCK();
    public static final int CLOCK_MONOTONIC = timer_h.CLOCK_MONOTONIC();


    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long INTERVAL_OFF = itimerspec.it_interval$offset();
    private static final long VALUE_OFF = itimerspec.it_value$offset();
    private static final long SEC_OFF = timespec.tv_sec$offset();
    private static final long NSEC_OFF = timespec.tv_nsec$offset();

    private static final class SETTIME {
        static final MethodHandle H = Native.downcall(timer_h.timerfd_settime$address(),
            timer_h.timerfd_settime$descriptor(), SHORT, 2, 3);
    }

    /** timerfd_create(2): fd or -errno. */
    public static int create(int clock, int flags) {
        return (int) Syscall.call(process_h.SYS_timerfd_create(), clock, flags);
    }

    /**
     * Arms (or, with {@code initialNs == 0}, disarms) a relative timer: first expiry after
     * {@code initialNs}, then every {@code intervalNs} (0: one-shot). 0 or -errno.
     */
    public static int set(int fd, long initialNs, long intervalNs) {
        Scratch s = Scratch.get();
        MemorySegment spec = s.timerSpec;
        putTimespec(spec, VALUE_OFF, initialNs);
        putTimespec(spec, INTERVAL_OFF, intervalNs);
        try {
            return s.check((int) SETTIME.H.invokeExact(s.errno, fd, 0, spec.address(), 0L));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    private static void putTimespec(MemorySegment spec, long off, long ns) {
        spec.set(timespec.tv_sec$layout(), off + SEC_OFF, ns / NANOS_PER_SECOND);
        spec.set(timespec.tv_nsec$layout(), off + NSEC_OFF, ns % NANOS_PER_SECOND);
    }

    /** Reads the expiration count: expirations since the last read, or -errno (-EAGAIN). */
    public static long drain(int fd) {
        return Counter.read(fd);
    }
}

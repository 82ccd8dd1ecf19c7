package io.jpasst.sys;

import static io.jpasst.sys.Native.Mode.SHORT;

import io.jpasst.sys.gen.timer.timer_h;
import java.lang.invoke.MethodHandle;

/** eventfd: wakes the event loop from another thread. */
public final class EventFd {
    private EventFd() {}

    public static final int EFD_CLOEXEC = timer_h.EFD_CLOEXEC();
    public static final int EFD_NONBLOCK = timer_h.EFD_NONBLOCK();
    public static final int EFD_SEMAPHORE = timer_h.EFD_SEMAPHORE();


    private static final class EVENTFD {

        static final MethodHandle H = Native.downcall(timer_h.eventfd$address(), timer_h.eventfd$descriptor(), SHORT);

    }

    /** eventfd(2): fd or -errno. */
    public static int create(int initval, int flags) {
        return Invoke.int2(EVENTFD.H, initval, flags);
    }

    /** Adds one to the counter, making the fd readable: 0 or -errno. */
    public static int signal(int fd) {
        return Counter.add(fd, 1);
    }

    /** Reads and resets the counter: its value, or -errno (-EAGAIN if non-blocking and zero). */
    public static long drain(int fd) {
        return Counter.read(fd);
    }
}

package io.jpasst.sys;

import io.jpasst.sys.gen.timer.timer_h;
import io.jpasst.sys.gen.process.process_h;

/** eventfd: wakes the event loop from another thread. */
public final class EventFd {
    private EventFd() {}

    public static final int EFD_CLOEXEC = timer_h.EFD_CLOEXEC();
    public static final int EFD_NONBLOCK = timer_h.EFD_NONBLOCK();



    /** eventfd(2): fd or -errno. */
    public static int create(int initval, int flags) {
        return (int) Syscall.call(process_h.SYS_eventfd2(), initval, flags);
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

package io.jpasst.sys;

import io.jpasst.sys.gen.epoll.epoll_event;
import io.jpasst.sys.gen.timer.itimerspec;
import io.jpasst.sys.gen.tun.ifreq;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Per-thread native scratch memory: the errno capture segment and the small in/out cells
 * syscalls need (socklen, int option values, an fd pair, an epoll_event, an itimerspec, an
 * ifreq). Allocated once per thread so no call allocates; never shared between threads, and
 * every use is complete before the call returns.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    /** errno capture segment, first argument of every handle built by {@link Native}. */
    final MemorySegment errno;
    /** Eight bytes: an int, a socklen_t, two ints (fd pair) or a 64-bit counter. */
    final MemorySegment cell;
    final long cellAddress;
    /** A second int cell, for calls needing a value and a length (getsockopt). */
    final MemorySegment len;
    final long lenAddress;
    final MemorySegment epollEvent;
    final MemorySegment timerSpec;
    final MemorySegment ifreqCell;

    private Scratch() {
        // auto arena: freed once the owning thread (and so this object) is gone
        Arena arena = Arena.ofAuto();
        errno = arena.allocate(Native.CAPTURE_LAYOUT);
        cell = arena.allocate(8, 8);
        cellAddress = cell.address();
        len = arena.allocate(4, 4);
        lenAddress = len.address();
        epollEvent = epoll_event.allocate(arena);
        timerSpec = itimerspec.allocate(arena);
        ifreqCell = ifreq.allocate(arena);
    }

    static Scratch get() {
        return PER_THREAD.get();
    }

    /** errno of the last call made through a capturing handle on this thread. */
    int errno() {
        return errno.get(ValueLayout.JAVA_INT, Native.ERRNO_OFFSET);
    }

    /** {@code result}, or {@code -errno} when the call reported failure with -1. */
    int check(int result) {
        return result == -1 ? -errno() : result;
    }

    long check(long result) {
        return result == -1 ? -errno() : result;
    }
}

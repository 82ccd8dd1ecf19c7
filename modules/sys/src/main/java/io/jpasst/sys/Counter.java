package io.jpasst.sys;

import java.lang.foreign.ValueLayout;

/**
 * The 8-byte counter read/write that timerfd and eventfd share, through the per-thread
 * scratch cell so a tick or wake-up allocates nothing.
 */
final class Counter {
    private Counter() {}

    private static final long SIZE = ValueLayout.JAVA_LONG.byteSize();

    /** The counter value (reset by the read), or -errno. */
    static long read(int fd) {
        Scratch s = Scratch.get();
        long r = Fd.read(fd, s.cell, 0, SIZE);
        return r < 0 ? r : s.cell.get(ValueLayout.JAVA_LONG, 0);
    }

    /** Adds {@code value} to the counter: 0 or -errno. */
    static int add(int fd, long value) {
        Scratch s = Scratch.get();
        s.cell.set(ValueLayout.JAVA_LONG, 0, value);
        long r = Fd.write(fd, s.cell, 0, SIZE);
        return r < 0 ? (int) r : 0;
    }
}

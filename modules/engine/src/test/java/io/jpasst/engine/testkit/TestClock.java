package io.jpasst.engine.testkit;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A clock for an event loop that stands still until the test moves it: timers fire when the
 * test says the time has come, not when the machine gets round to it. Nanoseconds, as the
 * loop's own clock; readable from any thread.
 */
public final class TestClock implements LongSupplier {
    /** Far from zero, which some deadlines use for "none". */
    public static final long START = 1L << 40;

    private final AtomicLong now = new AtomicLong(START);

    @Override
    public long getAsLong() {
        return now.get();
    }

    /** Sets the time to {@code time}. */
    public void set(long time) {
        now.set(time);
    }

    /** Moves the time on by {@code ns}; returns the new time. */
    public long advance(long ns) {
        return now.addAndGet(ns);
    }
}

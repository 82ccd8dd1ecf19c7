package io.jpasst.engine.runtime.stats;

import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.runtime.loop.EventType;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code --stats DELAY}: every DELAY seconds, one row of running totals on stderr (frames from
 * the guest, drops, then events dispatched per descriptor type), with a header row every
 * {@link #HEADER_EVERY} rows. A period without any new event prints nothing, so an idle
 * pasta stays quiet. Runs on the loop thread as one of its timers.
 */
public final class EventCountTable {
    static final int HEADER_EVERY = 20;
    private static final int FIRST_TYPE = EventType.WAKE + 1; // the loop's own wake-ups say nothing

    private final Counters counters;
    private final EventLoop loop;
    private final PrintStream out;
    private final long[] last;
    private int rows;

    EventCountTable(Counters counters, EventLoop loop, PrintStream out) {
        this.counters = counters;
        this.loop = loop;
        this.out = out;
        this.last = new long[2 + EventType.COUNT - FIRST_TYPE];
    }

    /** Prints a row every {@code seconds} on stderr; nothing for 0. */
    public static void install(Counters counters, EventLoop loop, int seconds) {
        if (seconds > 0) {
            EventCountTable table = new EventCountTable(counters, loop, System.err);
            loop.every(seconds * 1_000_000_000L, now -> table.tick());
        }
    }

    /** One row if anything happened since the last one. */
    void tick() {
        long[] now = snapshot();
        if (rows > 0 && Arrays.equals(now, last)) {
            return;
        }
        if (rows % HEADER_EVERY == 0) {
            out.println(header());
        }
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < now.length; i++) {
            row.append(pad(Long.toString(now[i]), width(i)));
        }
        out.println(row);
        out.flush();
        System.arraycopy(now, 0, last, 0, now.length);
        rows++;
    }

    private long[] snapshot() {
        long[] v = new long[last.length];
        v[0] = counters.frames();
        v[1] = counters.drops().total();
        for (int t = FIRST_TYPE; t < EventType.COUNT; t++) {
            v[2 + t - FIRST_TYPE] = loop.events(t);
        }
        return v;
    }

    private static String name(int column) {
        return column == 0 ? "frames" : column == 1 ? "drops" : EventType.name(column - 2 + FIRST_TYPE);
    }

    private static int width(int column) {
        return Math.max(name(column).length(), 8) + 2;
    }

    String header() {
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < last.length; i++) {
            h.append(pad(name(i), width(i)));
        }
        return h.toString();
    }

    private static String pad(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}

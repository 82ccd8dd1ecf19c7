package io.jpasst.engine.stats;

import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import java.util.function.LongSupplier;

/**
 * What the data path has counted, as one read-only view for reports: frames from the guest,
 * handler failures (bugs caught by the event loop) and drops by reason. The counters are
 * written by the loop thread only; reports from other threads (signal, JFR) may read values
 * a few packets stale, which is fine for a report.
 */
public final class Counters {
    private final DropCounters drops;
    private final LongSupplier frames;
    private final LongSupplier handlerFailures;

    public Counters(DropCounters drops, LongSupplier frames, LongSupplier handlerFailures) {
        this.drops = drops;
        this.frames = frames;
        this.handlerFailures = handlerFailures;
    }

    public DropCounters drops() {
        return drops;
    }

    public long frames() {
        return frames.getAsLong();
    }

    public long handlerFailures() {
        return handlerFailures.getAsLong();
    }

    /**
     * One line: totals, then only the reasons that are not zero, e.g.
     * {@code counters: 1200 frames, 0 handler failures, 7 drops: BAD_LENGTH=3 FRAGMENT=4}.
     */
    public String line() {
        StringBuilder sb = new StringBuilder("counters: ").append(frames()).append(" frames, ")
                .append(handlerFailures()).append(" handler failures, ").append(drops.total()).append(" drops");
        boolean first = true;
        for (int i = 0; i < DropReason.count(); i++) {
            DropReason r = DropReason.of(i);
            long n = drops.get(r);
            if (n != 0) {
                sb.append(first ? ": " : " ").append(r).append('=').append(n);
                first = false;
            }
        }
        return sb.toString();
    }
}

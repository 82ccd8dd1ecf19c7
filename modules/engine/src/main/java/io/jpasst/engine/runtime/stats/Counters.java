package io.jpasst.engine.runtime.stats;

import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import java.util.ArrayList;
import java.util.List;
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
    private final List<String> flowKinds = new ArrayList<>();
    private final List<LongSupplier> flowCounts = new ArrayList<>();

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

    /** Adds a kind of flow to {@link #flowsLine()}: {@code count} says how many are open now. */
    public void countFlows(String kind, LongSupplier count) {
        flowKinds.add(kind);
        flowCounts.add(count);
    }

    /** One line of the flows open now, by kind, e.g. {@code flows: tcp=3 spliced=0}. */
    public String flowsLine() {
        StringBuilder sb = new StringBuilder("flows:");
        for (int i = 0; i < flowKinds.size(); i++) {
            sb.append(' ').append(flowKinds.get(i)).append('=').append(flowCounts.get(i).getAsLong());
        }
        return sb.toString();
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

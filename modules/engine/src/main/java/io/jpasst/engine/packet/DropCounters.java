package io.jpasst.engine.packet;

/**
 * Per-reason drop counts in a preallocated array: counting a drop never allocates. Written by
 * the event-loop thread only; other threads may read a slightly stale value.
 */
public final class DropCounters {
    private final long[] counts = new long[DropReason.count()];

    public void count(DropReason reason) {
        counts[reason.ordinal()]++;
    }

    public long get(DropReason reason) {
        return counts[reason.ordinal()];
    }

    public long total() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    /** One line, e.g. {@code drops: BAD_LENGTH=3 BAD_CHECKSUM=1}, or {@code drops: none}. */
    public String summary() {
        StringBuilder sb = new StringBuilder("drops:");
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                sb.append(' ').append(DropReason.of(i)).append('=').append(counts[i]);
            }
        }
        return sb.length() == 6 ? "drops: none" : sb.toString();
    }
}

package io.jpasst.engine.proto.udp;

/**
 * When an idle UDP flow is forgotten: after 30 s without traffic, or 180 s once traffic went
 * both ways (a conversation is likely to resume; a one-way probe is not).
 *
 * <p>Tests shorten both through the hidden system properties {@code jpasst.udp.timeoutMs}
 * (one-way; default 30000) and {@code jpasst.udp.timeoutBothMs} (default six times the
 * one-way value), e.g. {@code JDK_JAVA_OPTIONS=-Djpasst.udp.timeoutMs=1000}.
 */
record IdlePolicy(long oneWayNs, long bothWaysNs) {
    static final long DEFAULT_ONE_WAY_MS = 30_000;

    static IdlePolicy fromSystemProperties() {
        long oneWay = Math.max(1, Long.getLong("jpasst.udp.timeoutMs", DEFAULT_ONE_WAY_MS));
        long both = Math.max(1, Long.getLong("jpasst.udp.timeoutBothMs", oneWay * 6));
        return new IdlePolicy(oneWay * 1_000_000L, both * 1_000_000L);
    }

    boolean expired(long now, long lastUse, boolean replied) {
        return now - lastUse > limit(replied);
    }

    /**
     * How often a periodic scan would have to look to forget a flow at most a third late.
     * Flows now expire by their own timers ({@link UdpFlowState#idleExpired}); only
     * IdlePolicyTest still asks.
     */
    long scanPeriodNs() {
        return Math.max(50_000_000L, Math.min(oneWayNs / 3, 5_000_000_000L));
    }

    /** How long a flow may stay idle. */
    long limit(boolean replied) {
        return replied ? bothWaysNs : oneWayNs;
    }
}

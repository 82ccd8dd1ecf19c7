package io.jpasst.engine.tcp;

/**
 * The timers of the TCP translation. Retransmissions to the guest back off from {@code rtoNs}
 * (doubling, at most {@link #MAX_RTO_NS}) and give up after {@code maxRetransmissions} in a row
 * without progress: a guest that stopped answering gets a reset, and so does the host peer.
 * Closing (half-closed, or handshaking) connections go after {@code closingIdleNs} without
 * traffic, any connection after {@code activityNs} (both sides silent: the C pasta's two hours).
 */
public record TcpTimeouts(long rtoNs, int maxRetransmissions, long closingIdleNs, long activityNs) {
    static final long MAX_RTO_NS = 60_000_000_000L;

    /** 1 s initial RTO, 8 tries (about three minutes), a minute closing, two hours idle. */
    public static final TcpTimeouts DEFAULT = new TcpTimeouts(1_000_000_000L, 8, 60_000_000_000L,
            7_200_000_000_000L);

    /** The retransmission timeout after {@code retransmissions} unanswered ones. */
    long rto(int retransmissions) {
        return retransmissions >= 16 ? MAX_RTO_NS : Math.min(rtoNs << retransmissions, MAX_RTO_NS);
    }
}

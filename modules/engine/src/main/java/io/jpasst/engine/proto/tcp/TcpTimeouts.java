package io.jpasst.engine.proto.tcp;

/**
 * The timers of the TCP translation. Retransmissions to the guest back off from {@code rtoNs}
 * (doubling, at most {@link #MAX_RTO_NS}) and give up after {@code maxRetransmissions} in a row
 * without progress: a guest that stopped answering gets a reset, and so does the host peer.
 * A connection the host side opened goes after {@code synNs} if the guest never answers our
 * SYN (the C pasta's handshake timeout); half-closed ones after {@code closingIdleNs} without
 * traffic, any connection after {@code activityNs} (both sides silent: the C pasta's two hours).
 */
public record TcpTimeouts(long rtoNs, int maxRetransmissions, long closingIdleNs, long activityNs, long synNs) {
    static final long MAX_RTO_NS = 60_000_000_000L;
    static final long SYN_NS = 10_000_000_000L;

    /** 1 s initial RTO, 8 tries (about three minutes), a minute closing, two hours idle, 10 s handshake. */
    public static final TcpTimeouts DEFAULT = new TcpTimeouts(1_000_000_000L, 8, 60_000_000_000L,
            7_200_000_000_000L);

    /** With the default handshake timeout. */
    public TcpTimeouts(long rtoNs, int maxRetransmissions, long closingIdleNs, long activityNs) {
        this(rtoNs, maxRetransmissions, closingIdleNs, activityNs, SYN_NS);
    }

    /** The retransmission timeout after {@code retransmissions} unanswered ones. */
    long rto(int retransmissions) {
        return retransmissions >= 16 ? MAX_RTO_NS : Math.min(rtoNs << retransmissions, MAX_RTO_NS);
    }
}

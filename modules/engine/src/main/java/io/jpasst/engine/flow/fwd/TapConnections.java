package io.jpasst.engine.flow.fwd;

/**
 * Where a connection accepted on a {@code -t} listener goes when it cannot be spliced (peer
 * not on loopback, {@code --no-splice}, passt, a rule with a target address): the TCP
 * handler, which makes it a flow towards the guest through the tap
 * ({@code io.jpasst.engine.proto.tcp.TcpTap} implements it).
 */
@FunctionalInterface
public interface TapConnections {
    /**
     * Takes ownership of {@code fd}, a non-blocking connected socket on the host, to be
     * forwarded to the guest's {@code guestPort}, at the address {@code targetHi:targetLo}
     * (IPv4 mapped) if the rule names one, else (both 0) at the guest's own address.
     */
    void acceptedFromHost(int fd, int guestPort, long targetHi, long targetLo, long now);

    /** To the guest's own address. */
    default void acceptedFromHost(int fd, int guestPort, long now) {
        acceptedFromHost(fd, guestPort, 0, 0, now);
    }
}

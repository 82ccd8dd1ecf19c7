package io.jpasst.engine.flow.fwd;

/**
 * Where a connection accepted on a {@code -t} listener goes when it cannot be spliced (peer
 * not on loopback, {@code --no-splice}, passt): the TCP handler, which makes it a flow towards
 * the guest through the tap ({@code io.jpasst.engine.proto.tcp.TcpTap} implements it).
 */
@FunctionalInterface
public interface TapConnections {
    /**
     * Takes ownership of {@code fd}, a non-blocking connected socket on the host, to be
     * forwarded to the guest's {@code guestPort}.
     */
    void acceptedFromHost(int fd, int guestPort, long now);
}

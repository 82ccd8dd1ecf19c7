package io.jpasst.engine.fwd;

import io.jpasst.sys.Fd;

/**
 * Where a connection accepted on a {@code -t} listener goes when it cannot be spliced (peer
 * not on loopback, {@code --no-splice}, passt): the TCP handler, which makes it a flow towards
 * the guest through the tap. The TCP handler implements this; until it is wired, {@link #REFUSE}
 * closes the connection.
 */
@FunctionalInterface
public interface TapConnections {
    /** Refuses every connection: the TCP tap path is not there. */
    TapConnections REFUSE = (fd, guestPort, now) -> Fd.close(fd);

    /**
     * Takes ownership of {@code fd}, a non-blocking connected socket on the host, to be
     * forwarded to the guest's {@code guestPort}.
     */
    void acceptedFromHost(int fd, int guestPort, long now);
}

package io.jpasst.engine.control.netlink;

import java.lang.foreign.MemorySegment;

/**
 * Moves whole netlink datagrams. The kernel socket implements it ({@link RouteSocket}); tests
 * substitute canned replies, which is how the session's error handling is exercised without
 * a kernel.
 */
public interface NetlinkTransport extends AutoCloseable {
    /** Sends the first {@code length} bytes of {@code request} as one datagram; 0 or -errno. */
    int send(MemorySegment request, int length);

    /**
     * Receives one datagram into {@code buffer}: its full length (which may exceed the buffer
     * if it was truncated) or -errno.
     */
    long receive(MemorySegment buffer);

    @Override
    void close();
}

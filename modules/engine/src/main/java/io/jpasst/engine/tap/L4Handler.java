package io.jpasst.engine.tap;

import io.jpasst.engine.packet.ip.ParsedFrame;

/**
 * A transport protocol's entry for guest frames (TCP, UDP, ICMP echo). The frame's headers
 * are validated already; the handler must still check everything it reads past them, and
 * drop and count what it cannot use. Frames may be batched until the end of the loop round.
 */
@FunctionalInterface
public interface L4Handler {
    void fromGuest(ParsedFrame frame, long now);

    /**
     * Called once the frames of one tap read batch were handed over, before their buffer is
     * reused: a handler that queued pointers into frames must send them now.
     */
    default void endOfBatch(long now) {
    }
}

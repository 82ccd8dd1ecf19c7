package io.jpasst.engine.proto.l2;

import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;

/**
 * What every built-in responder shares: the configuration it answers from and the counters its
 * refusals go to. A responder method returns a reply length, or {@link #drop}'s 0.
 */
abstract sealed class Responder permits Arp, Dhcp, Ndp, Dhcpv6 {
    final L2Config cfg;
    private final DropCounters drops;

    Responder(L2Config cfg, DropCounters drops) {
        this.cfg = cfg;
        this.drops = drops;
    }

    /** Counts why nothing is sent and returns 0, the "consumed, no reply" result. */
    final int drop(DropReason reason) {
        drops.count(reason);
        return 0;
    }
}

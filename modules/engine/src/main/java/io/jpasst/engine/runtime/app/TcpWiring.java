package io.jpasst.engine.runtime.app;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.flow.GuestNat;
import io.jpasst.engine.flow.GuestNatConfig;
import io.jpasst.engine.flow.OutboundSockets;
import io.jpasst.engine.flow.fwd.HostNat;
import io.jpasst.engine.control.host.GuestNetwork;
import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.tap.TapBackend;
import io.jpasst.engine.proto.tcp.TcpTap;
import io.jpasst.engine.proto.tcp.TcpTimeouts;

/**
 * Sets up the address mapping of a service (one rule set, both directions: {@link GuestNat}
 * for what the guest opens, {@link HostNat} for what the host side opens) and the TCP
 * translation that uses it.
 */
final class TcpWiring {
    private TcpWiring() {}

    /** Destination aliases for flows the guest opens (TCP, UDP and ICMP echo). */
    static GuestNat guestNat(Config config, GuestNetwork guest) {
        return GuestNatConfig.of(config, guest.gateway4(), guest.gateway6(), guest.address4(),
                guest.address6(), guest.resolvers(), guest.hostResolvers());
    }

    /** Source and destination rules for flows the host side opens (TCP, UDP). */
    static HostNat hostNat(Config config, GuestNetwork guest) {
        return HostNat.of(config, guest.gateway4(), guest.gateway6(), guest.address4(), guest.address6(),
                guest.l2Config());
    }

    static TcpTap create(Config config, GuestNetwork guest, GuestState learned, GuestNat nat, HostNat hostNat,
                         EventLoop loop, TapBackend tap, DropCounters drops, FlowTable flows) {
        TcpTap tcp = new TcpTap(loop, tap, drops, nat, guest.ourMac(), config.mtu(), flows, TcpTimeouts.DEFAULT);
        tcp.hostSide(hostNat, learned);
        tcp.outbound(new OutboundSockets(config, false));
        return tcp;
    }
}

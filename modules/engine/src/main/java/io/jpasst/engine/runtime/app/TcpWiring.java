package io.jpasst.engine.runtime.app;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.flow.OutboundSockets;
import io.jpasst.engine.flow.nat.AddressMap;
import io.jpasst.engine.control.host.GuestNetwork;
import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.tap.TapBackend;
import io.jpasst.engine.proto.tcp.TcpTap;
import io.jpasst.engine.proto.tcp.TcpTimeouts;

/**
 * Sets up the TCP translation of a service, with its address mapping (one {@link AddressMap}
 * for every protocol, both directions).
 */
final class TcpWiring {
    private TcpWiring() {}

    static TcpTap create(Config config, GuestNetwork guest, GuestState learned, AddressMap nat,
                         EventLoop loop, TapBackend tap, DropCounters drops, FlowTable flows) {
        TcpTap tcp = new TcpTap(loop, tap, drops, nat, guest.ourMac(), config.mtu(), flows, TcpTimeouts.DEFAULT);
        tcp.hostSide(nat, learned);
        tcp.outbound(new OutboundSockets(config, false));
        return tcp;
    }
}

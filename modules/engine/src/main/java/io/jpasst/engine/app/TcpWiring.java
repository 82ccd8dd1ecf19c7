package io.jpasst.engine.app;

import io.jpasst.engine.conf.Config;
import io.jpasst.engine.flow.GuestNat;
import io.jpasst.engine.flow.GuestNatConfig;
import io.jpasst.engine.host.GuestNetwork;
import io.jpasst.engine.l2.GuestState;
import io.jpasst.engine.l2.L2Config;
import io.jpasst.engine.loop.EventLoop;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.tap.TapBackend;
import io.jpasst.engine.tcp.TcpTap;
import java.net.Inet6Address;

/**
 * Sets up the TCP translation for a service: destination aliases from the configuration, and
 * the guest-side addresses host-originated connections are sent to.
 */
final class TcpWiring {
    static final int MAX_FLOWS = 8192;

    private TcpWiring() {}

    static TcpTap create(Config config, GuestNetwork guest, GuestState learned, EventLoop loop, TapBackend tap,
                         DropCounters drops) {
        GuestNat nat = GuestNatConfig.of(config, guest.gateway4(), guest.gateway6(), guest.address4(),
                guest.address6(), guest.resolvers());
        TcpTap tcp = new TcpTap(loop, tap, drops, nat, guest.ourMac(), config.mtu(), MAX_FLOWS);
        L2Config l2 = guest.l2Config();
        long gw6Hi = guest.gateway6() instanceof Inet6Address a ? java.nio.ByteBuffer.wrap(a.getAddress()).getLong(0) : 0;
        long gw6Lo = guest.gateway6() instanceof Inet6Address a ? java.nio.ByteBuffer.wrap(a.getAddress()).getLong(8) : 0;
        tcp.hostSide(new TcpTap.HostSide() {
            @Override public long guestMac() { return learned.mac(); }
            @Override public int guestAddr4() { return learned.ip4() != 0 ? learned.ip4() : l2.ip4Addr(); }
            @Override public long guestAddr6Hi() { return learned.ip6Hi() != 0 ? learned.ip6Hi() : l2.ip6AddrHi(); }
            @Override public long guestAddr6Lo() { return learned.ip6Hi() != 0 ? learned.ip6Lo() : l2.ip6AddrLo(); }
            @Override public int gateway4() { return l2.ip4Gateway(); }
            @Override public long gateway6Hi() { return gw6Hi; }
            @Override public long gateway6Lo() { return gw6Lo; }
        });
        return tcp;
    }
}

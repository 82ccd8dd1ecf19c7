package io.jpasst.engine.flow;

import io.jpasst.engine.conf.Config;
import io.jpasst.engine.conf.FamilyConfig;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Builds a {@link GuestNat} from the command line and what was learned about the host, at
 * start-up: the host-loopback alias defaults to the gateway unless {@code --no-map-gw}; the
 * DNS-forward target is {@code --dns-host} or the first resolver of that IP version.
 */
public final class GuestNatConfig {
    private GuestNatConfig() {}

    /**
     * @param gateway4  the guest's IPv4 gateway, or null
     * @param gateway6  the guest's IPv6 gateway, or null
     * @param host4     the host's own IPv4 address (target of --map-guest-addr), or null
     * @param host6     the host's own IPv6 address, or null
     * @param resolvers the host's resolvers, in order
     */
    public static GuestNat of(Config config, InetAddress gateway4, InetAddress gateway6,
                              InetAddress host4, InetAddress host6, List<InetAddress> resolvers) {
        boolean mapGw = !config.features().noMapGw();
        return new GuestNat(
                family(config.ip4(), mapGw ? gateway4 : null, host4, first(resolvers, Inet4Address.class)),
                family(config.ip6(), mapGw ? gateway6 : null, host6, first(resolvers, Inet6Address.class)));
    }

    private static GuestNat.Family family(FamilyConfig<?> fc, InetAddress gateway, InetAddress host,
                                          InetAddress resolver) {
        InetAddress loopbackAlias = or(fc.mapHostLoopback(), gateway);
        InetAddress dns = or(fc.dnsHost(), resolver);
        return new GuestNat.Family(hi(loopbackAlias), lo(loopbackAlias),
                hi(fc.mapGuestAddr().orElse(null)), lo(fc.mapGuestAddr().orElse(null)),
                hi(host), lo(host), hi(fc.dnsForward().orElse(null)), lo(fc.dnsForward().orElse(null)),
                hi(dns), lo(dns));
    }

    private static InetAddress or(Optional<? extends InetAddress> given, InetAddress fallback) {
        return given.isPresent() ? given.get() : fallback;
    }

    private static InetAddress first(List<InetAddress> all, Class<? extends InetAddress> type) {
        for (InetAddress a : all) {
            if (type.isInstance(a)) {
                return a;
            }
        }
        return null;
    }

    static long hi(InetAddress a) {
        return a instanceof Inet6Address ? java.nio.ByteBuffer.wrap(a.getAddress()).getLong(0) : 0;
    }

    static long lo(InetAddress a) {
        if (a == null) {
            return 0;
        }
        byte[] b = a.getAddress();
        return b.length == 16 ? java.nio.ByteBuffer.wrap(b).getLong(8)
                : java.nio.ByteBuffer.wrap(b).getInt() & 0xffff_ffffL;
    }
}

package io.jpasst.engine.flow;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.conf.FamilyConfig;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Builds a {@link GuestNat} from the command line and what was learned about the host, at
 * start-up: the host-loopback alias defaults to the gateway unless {@code --no-map-gw}; the
 * DNS-forward target is {@code --dns-host} or the first resolver of that IP version.
 *
 * <p>Without {@code --dns-forward}, the loopback alias itself becomes the DNS-forward address
 * when one of the host's own resolvers (resolv.conf, not {@code -D}) of that IP version is
 * that alias or a loopback address: a home router that is both gateway and resolver keeps
 * answering queries sent to the gateway (which would otherwise reach the host's loopback),
 * and a local stub resolver (127.0.0.53) is reached through the gateway address.
 */
public final class GuestNatConfig {
    private GuestNatConfig() {}

    /**
     * @param gateway4  the guest's IPv4 gateway, or null
     * @param gateway6  the guest's IPv6 gateway, or null
     * @param host4     the host's own IPv4 address (target of --map-guest-addr), or null
     * @param host6     the host's own IPv6 address, or null
     * @param resolvers the resolvers the guest is told about, in order
     * @param hostResolvers the resolvers of the host's resolv.conf when those are the guest's
     *                  (empty with {@code -D})
     */
    public static GuestNat of(Config config, InetAddress gateway4, InetAddress gateway6,
                              InetAddress host4, InetAddress host6, List<InetAddress> resolvers,
                              List<InetAddress> hostResolvers) {
        boolean noMapGw = config.features().noMapGw();
        InetAddress alias4 = loopbackAlias(config.ip4(), noMapGw, gateway4);
        InetAddress alias6 = loopbackAlias(config.ip6(), noMapGw, gateway6);
        return new GuestNat(
                family(config.ip4(), alias4, host4, first(resolvers, Inet4Address.class),
                        dnsMatch(config.ip4(), alias4, hostResolvers)),
                family(config.ip6(), alias6, host6, first(resolvers, Inet6Address.class),
                        dnsMatch(config.ip6(), alias6, hostResolvers)));
    }

    /** The guest-side address whose DNS queries go to the resolver (see the class comment). */
    static InetAddress dnsMatch(FamilyConfig<?> fc, InetAddress loopbackAlias, List<InetAddress> hostResolvers) {
        if (fc.dnsForward().isPresent()) {
            return fc.dnsForward().get();
        }
        if (loopbackAlias == null) {
            return null;
        }
        for (InetAddress r : hostResolvers) {
            if (r.getClass() == loopbackAlias.getClass() && (r.isLoopbackAddress() || r.equals(loopbackAlias))) {
                return loopbackAlias;
            }
        }
        return null;
    }

    /**
     * The address that stands for the host's loopback, both ways: {@code --map-host-loopback}
     * if given (it wins over {@code --no-map-gw}, as upstream), else the gateway unless
     * {@code --no-map-gw}; null for none ({@code --map-host-loopback none} implies
     * {@code --no-map-gw}).
     */
    public static InetAddress loopbackAlias(FamilyConfig<?> fc, boolean noMapGw, InetAddress gateway) {
        return or(fc.mapHostLoopback(), noMapGw ? null : gateway);
    }

    private static GuestNat.Family family(FamilyConfig<?> fc, InetAddress loopbackAlias, InetAddress host,
                                          InetAddress resolver, InetAddress dnsMatch) {
        InetAddress dns = or(fc.dnsHost(), resolver);
        return new GuestNat.Family(hi(loopbackAlias), lo(loopbackAlias),
                hi(fc.mapGuestAddr().orElse(null)), lo(fc.mapGuestAddr().orElse(null)),
                hi(host), lo(host), hi(dnsMatch), lo(dnsMatch), hi(dns), lo(dns));
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

    /** High 64 bits of an IPv6 address; 0 for IPv4 or null. */
    public static long hi(InetAddress a) {
        return a instanceof Inet6Address ? java.nio.ByteBuffer.wrap(a.getAddress()).getLong(0) : 0;
    }

    /** Low 64 bits of an IPv6 address, or an IPv4 one as unsigned int; 0 for null. */
    public static long lo(InetAddress a) {
        if (a == null) {
            return 0;
        }
        byte[] b = a.getAddress();
        return b.length == 16 ? java.nio.ByteBuffer.wrap(b).getLong(8)
                : java.nio.ByteBuffer.wrap(b).getInt() & 0xffff_ffffL;
    }
}

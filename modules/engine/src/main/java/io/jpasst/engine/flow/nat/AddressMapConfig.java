package io.jpasst.engine.flow.nat;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.conf.FamilyConfig;
import io.jpasst.engine.control.host.GuestNetwork;
import io.jpasst.engine.packet.ip.Ipv6;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Builds the {@link AddressMap} from the command line and what was learned about the host, at
 * start-up. The host-loopback alias is {@code --map-host-loopback} if given (it wins over
 * {@code --no-map-gw}, as upstream), else the gateway unless {@code --no-map-gw}; it is the
 * same address both ways. The DNS-forward target is {@code --dns-host} or the first resolver
 * of that IP version.
 *
 * <p>Without {@code --dns-forward}, the loopback alias itself becomes the DNS-forward address
 * when one of the host's own resolvers (resolv.conf, not {@code -D}) of that IP version is
 * that alias or a loopback address: a home router that is both gateway and resolver keeps
 * answering queries sent to the gateway (which would otherwise reach the host's loopback),
 * and a local stub resolver (127.0.0.53) is reached through the gateway address.
 *
 * <p>Our address on the tap is the IPv4 gateway, and for IPv6 the gateway when it is
 * link-local (as upstream has it), else our own link-local address.
 */
public final class AddressMapConfig {
    private AddressMapConfig() {}

    /** The service's map: one for every protocol, both ways. */
    public static AddressMap of(Config config, GuestNetwork guest) {
        return of(config, guest.gateway4(), guest.gateway6(), guest.address4(), guest.address6(), guest.resolvers(),
                guest.hostResolvers(), guest.l2Config().ip6OurLlHi(), guest.l2Config().ip6OurLlLo());
    }

    /**
     * @param gateway4  the guest's IPv4 gateway, or null
     * @param gateway6  the guest's IPv6 gateway, or null
     * @param host4     the host's own IPv4 address (the guest's assigned one by default), or null
     * @param host6     the same for IPv6, or null
     * @param resolvers the resolvers the guest is told about, in order
     * @param hostResolvers the resolvers of the host's resolv.conf when those are the guest's
     *                  (empty with {@code -D})
     * @param ourLlHi   our link-local address on the tap (what the built-in services use)
     */
    public static AddressMap of(Config config, InetAddress gateway4, InetAddress gateway6, InetAddress host4,
                                InetAddress host6, List<InetAddress> resolvers, List<InetAddress> hostResolvers,
                                long ourLlHi, long ourLlLo) {
        boolean noMapGw = config.features().noMapGw();
        InetAddress alias4 = or(config.ip4().mapHostLoopback(), noMapGw ? null : gateway4);
        InetAddress alias6 = or(config.ip6().mapHostLoopback(), noMapGw ? null : gateway6);
        boolean gwLinkLocal = gateway6 != null && Ipv6.isLinkLocal(HiLo.hi(gateway6));
        return new AddressMap(
                family(config.ip4(), alias4, host4, first(resolvers, Inet4Address.class),
                        dnsMatch(config.ip4(), alias4, hostResolvers), HiLo.hi(gateway4), HiLo.lo(gateway4)),
                family(config.ip6(), alias6, host6, first(resolvers, Inet6Address.class),
                        dnsMatch(config.ip6(), alias6, hostResolvers),
                        gwLinkLocal ? HiLo.hi(gateway6) : ourLlHi, gwLinkLocal ? HiLo.lo(gateway6) : ourLlLo));
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

    private static AddressMap.Family family(FamilyConfig<?> fc, InetAddress loopbackAlias, InetAddress host,
                                            InetAddress resolver, InetAddress dnsMatch, long ourTapHi, long ourTapLo) {
        InetAddress guestAlias = fc.mapGuestAddr().orElse(null);
        InetAddress dns = or(fc.dnsHost(), resolver);
        return new AddressMap.Family(HiLo.hi(loopbackAlias), HiLo.lo(loopbackAlias),
                HiLo.hi(guestAlias), HiLo.lo(guestAlias), HiLo.hi(host), HiLo.lo(host),
                HiLo.hi(dnsMatch), HiLo.lo(dnsMatch), HiLo.hi(dns), HiLo.lo(dns), ourTapHi, ourTapLo);
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
}

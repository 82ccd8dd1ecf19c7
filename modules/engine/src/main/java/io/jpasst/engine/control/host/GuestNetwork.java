package io.jpasst.engine.control.host;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.conf.FamilyConfig;
import io.jpasst.engine.control.conf.MacAddress;
import io.jpasst.engine.flow.nat.HiLo;
import io.jpasst.engine.proto.l2.L2Config;
import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.control.netlink.FamilySettings;
import io.jpasst.engine.control.netlink.HostNetwork;
import io.jpasst.engine.control.netlink.IpFamily;
import io.jpasst.engine.control.netlink.NamespaceConfigurator;
import io.jpasst.engine.control.netlink.NamespaceSettings;
import io.jpasst.engine.control.netlink.Rtnetlink;
import io.jpasst.engine.control.netlink.TemplateInterface;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Consumer;

/**
 * The network the guest sees, resolved once at start-up: what the user gave on the command
 * line, and for everything else the host's own configuration (the template interface of each
 * IP version, resolv.conf). Builds the facts the built-in services answer with, and applies
 * {@code --config-net} inside the namespace.
 */
public final class GuestNetwork {
    /** A locally administered MAC for when the host has none to copy (e.g. no default route). */
    private static final long FALLBACK_MAC = 0x9a55_9a55_9a55L;
    /** Local mode's addresses (upstream's choice, after libslirp's 10.0.2.x in link-local space). */
    private static final Inet4Address LOCAL_GUEST4 = (Inet4Address) literal(new byte[] {(byte) 169, (byte) 254, 2, 1});
    private static final Inet4Address LOCAL_GATEWAY4 = (Inet4Address) literal(new byte[] {(byte) 169, (byte) 254, 2, 2});
    private static final int LOCAL_PREFIX4 = 16;
    private static final Inet6Address LOCAL_GATEWAY6 = (Inet6Address) literal(
            new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

    private final Config config;
    private final HostNetwork host;
    private final Inet4Address addr4;
    private final int prefix4;
    private final Inet4Address gw4;
    private final Inet6Address addr6;
    private final int prefix6;
    private final Inet6Address gw6;
    private final boolean local4;
    private final boolean local6;
    private final long ourMac;
    private final String tapName;
    private final List<InetAddress> dns;
    private final List<InetAddress> hostDns;
    private final List<String> search;

    private GuestNetwork(Config config, HostNetwork host, ResolvConf resolv) {
        this.config = config;
        this.host = host;
        TemplateInterface t4 = config.ipVersions().ipv4() ? host.ipv4() : null;
        TemplateInterface t6 = config.ipVersions().ipv6() ? host.ipv6() : null;
        Inet4Address a4 = pick(config.ip4().address(), t4 == null || t4.address() == null ? null : t4.address().address(),
                Inet4Address.class);
        Inet4Address g4 = pick(config.ip4().gateway(), t4 == null ? null : t4.gateway(), Inet4Address.class);
        // Local mode (as upstream): without a host interface to copy (none with routes, or
        // without an address), the guest still gets a link-local network of its own, with us
        // as the gateway, so the host's loopback (through the gateway) and port forwarding work.
        this.local4 = config.ipVersions().ipv4() && (t4 == null || a4 == null);
        if (local4) {
            a4 = config.ip4().address().orElse(LOCAL_GUEST4);
            g4 = config.ip4().gateway().orElse(LOCAL_GATEWAY4);
        }
        this.addr4 = a4;
        this.prefix4 = config.ip4PrefixLength().orElse(local4 ? LOCAL_PREFIX4 : t4 != null && t4.address() != null
                ? t4.address().prefixLength() : classfulPrefix(addr4));
        this.gw4 = g4;
        this.addr6 = pick(config.ip6().address(), t6 == null || t6.address() == null ? null : t6.address().address(),
                Inet6Address.class);
        this.prefix6 = t6 != null && t6.address() != null ? t6.address().prefixLength() : 64;
        Inet6Address g6 = pick(config.ip6().gateway(), t6 == null ? null : t6.gateway(), Inet6Address.class);
        // IPv6 local mode: no address beyond the guest's link-local one, fe80::1 as the router.
        this.local6 = config.ipVersions().ipv6() && (t6 == null || addr6 == null);
        this.gw6 = local6 ? config.ip6().gateway().orElse(LOCAL_GATEWAY6) : g6;
        this.ourMac = config.mac().map(MacAddress::bits)
                .orElse(t4 != null && t4.mac() != null ? t4.mac().bits()
                        : t6 != null && t6.mac() != null ? t6.mac().bits() : FALLBACK_MAC);
        this.tapName = config.pasta().nsIfname()
                .orElse(t4 != null ? t4.name() : t6 != null ? t6.name() : "tap0");
        this.hostDns = config.dns().serversDisabled() || !config.dns().servers().isEmpty() ? List.of()
                : resolv.servers();
        this.dns = config.dns().servers().isEmpty() ? hostDns : config.dns().servers();
        this.search = config.dns().searchDisabled() ? List.of()
                : config.dns().search().isEmpty() ? resolv.search() : config.dns().search();
    }

    private static InetAddress literal(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Reads the host's configuration (on the calling thread's namespace: the host's). */
    public static GuestNetwork discover(Config config) throws IOException {
        String if4 = config.ip4().outboundIf().or(config::interfaceName).orElse(null);
        String if6 = config.ip6().outboundIf().or(config::interfaceName).orElse(null);
        HostNetwork host;
        try (Rtnetlink nl = Rtnetlink.open()) {
            host = HostNetwork.discover(nl, if4, if6);
        }
        return new GuestNetwork(config, host, ResolvConf.read(ResolvConf.DEFAULT));
    }

    private static <A extends InetAddress> A pick(java.util.Optional<A> given, InetAddress fromHost, Class<A> type) {
        if (given.isPresent()) {
            return given.get();
        }
        return type.isInstance(fromHost) ? type.cast(fromHost) : null;
    }

    /** The prefix length of an address's class (RFC 4632), for an address the host lacks. */
    private static int classfulPrefix(Inet4Address a) {
        if (a == null) {
            return 24;
        }
        int first = a.getAddress()[0] & 0xff;
        return first < 128 ? 8 : first < 192 ? 16 : 24;
    }

    public String tapName() {
        return tapName;
    }

    public long ourMac() {
        return ourMac;
    }

    /** The guest's gateway (null if none): the alias of the host's loopback by default. */
    public InetAddress gateway4() {
        return gw4;
    }

    public InetAddress gateway6() {
        return gw6;
    }

    /** The host's own addresses, which the guest is given too (null if none). */
    public InetAddress address4() {
        return addr4;
    }

    public InetAddress address6() {
        return addr6;
    }

    /** The resolvers the guest is told about, in order. */
    public List<InetAddress> resolvers() {
        return dns;
    }

    /** The host's resolv.conf resolvers when the guest is told about them (no {@code -D}). */
    public List<InetAddress> hostResolvers() {
        return hostDns;
    }

    /** The facts ARP, DHCP, NDP and DHCPv6 answer with. */
    public L2Config l2Config() {
        L2Config.Builder b = L2Config.builder()
                .ourMac(ourMac)
                .mtu(config.mtu())
                .noDhcp(config.features().noDhcp() || addr4 == null)
                .noNdp(config.features().noNdp() || addr6 == null && !local6)
                .noDhcpv6(config.features().noDhcpv6() || addr6 == null)
                .noRa(config.features().noRa())
                .dhcpDns(config.dns().dhcpDns())
                .dhcpSearch(config.dns().dhcpSearch());
        if (addr4 != null) {
            b.ip4(HiLo.v4(addr4), prefix4, gw4 == null ? 0 : HiLo.v4(gw4));
        }
        if (addr6 != null) {
            b.ip6(HiLo.hi(addr6), HiLo.lo(addr6), prefix6);
        }
        if (addr6 != null || local6) {
            if (gw6 != null && gw6.isLinkLocalAddress()) {
                // Be the router the host has: the guest's default route then matches the host's.
                b.ip6OurLinkLocal(HiLo.hi(gw6), HiLo.lo(gw6));
            }
        }
        for (InetAddress a : dns) {
            if (a instanceof Inet4Address a4 && !a4.isLoopbackAddress()) {
                b.ip4Dns(HiLo.v4(a4));
            } else if (a instanceof Inet6Address a6 && !a6.isLoopbackAddress()) {
                b.ip6Dns(HiLo.hi(a6), HiLo.lo(a6));
            }
        }
        search.forEach(b::search);
        config.hostname().ifPresent(b::hostname);
        config.fqdn().ifPresent(b::fqdn);
        return b.build();
    }

    /**
     * Inside the namespace (on the namespace thread): brings {@code lo} up and, with
     * {@code --config-net}, gives the tap device its MTU, addresses and routes.
     */
    /** {@code --splice-only}: no tap to configure, only the namespace's lo to bring up. */
    public void loopbackUp() {
        try (Rtnetlink nl = Rtnetlink.open()) {
            nl.setLinkUp(1);
        }
    }

    public void configureNamespace(String tap, boolean configNet, Consumer<String> warn) {
        try (Rtnetlink nl = Rtnetlink.open()) {
            int index = nl.linkIndex(tap);
            if (!configNet) {
                nl.setLinkUp(1);
                return;
            }
            NamespaceSettings settings = new NamespaceSettings(
                    local4 ? new FamilySettings(true, addr4, prefix4, gw4, true, true)
                            : family(config.ip4(), config.ipVersions().ipv4() && host.ipv4() != null, addr4,
                            config.ip4PrefixLength().orElse(-1)),
                    local6 ? new FamilySettings(true, addr6, -1, gw6, true, true)
                            : family(config.ip6(), config.ipVersions().ipv6() && host.ipv6() != null, addr6, -1),
                    config.mtu(),
                    config.pasta().nsMac().orElse(null));
            new NamespaceConfigurator(nl, warn).configure(index, host, settings);
        }
    }

    private static FamilySettings family(FamilyConfig<?> fc, boolean enabled, InetAddress resolved, int prefix) {
        if (!enabled) {
            return FamilySettings.DISABLED;
        }
        return new FamilySettings(true, fc.address().orElse(null), prefix,
                fc.gateway().orElse(null), fc.noCopyAddrs(), fc.noCopyRoutes());
    }

    /** The informational lines the C tools print at start. */
    public void describe(String tool) {
        if (local4) {
            Log.info("IPv4: no external interface as template, use local mode");
        }
        if (local6) {
            Log.info("IPv6: no external interface as template, use local mode");
        }
        Log.info("Template interface: " + (host.ipv4() != null ? host.ipv4().name() + " (IPv4)" : "-")
                + (host.ipv6() != null ? ", " + host.ipv6().name() + " (IPv6)" : "")
                + (tool.equals("pasta") ? ", namespace interface: " + tapName : ""));
        Log.info("MAC: " + new MacAddress(ourMac));
        if (addr4 != null) {
            Log.info("DHCP: assign " + addr4.getHostAddress() + "/" + prefix4
                    + (gw4 != null ? " router " + gw4.getHostAddress() : ""));
        }
        if (addr6 != null) {
            Log.info("NDP/DHCPv6: assign " + addr6.getHostAddress()
                    + (gw6 != null ? " router " + gw6.getHostAddress() : ""));
        }
        for (InetAddress a : dns) {
            Log.info("DNS: " + a.getHostAddress());
        }
        if (!search.isEmpty()) {
            Log.info("DNS search list: " + String.join(" ", search));
        }
    }
}

package io.jpasst.engine.control.netlink;

import io.jpasst.engine.control.conf.MacAddress;
import io.jpasst.sys.Errno;
import io.jpasst.sys.Rtnl;
import io.jpasst.sys.Tun;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Configures the network namespace for {@code pasta --config-net}: loopback up, the tap's MAC
 * and MTU, the tap up, then per IP version its addresses and routes, copied from the host's
 * template interface or set from the user's choices.
 *
 * <p>Only the namespace's own state is essential: failing to bring links up or to assign an
 * explicitly requested address is an exception. Anything copied from the host is best
 * effort: a route or address the namespace rejects becomes one warning line and the rest
 * carries on (podman users hit exactly this failure mode in the C tool).
 */
public final class NamespaceConfigurator {
    private static final int LOOPBACK_INDEX = 1;
    /** Link-watch reports carrier changes at most once a second: wait no longer than that. */
    private static final long LINK_LOCAL_WAIT_NANOS = 1_100_000_000L;
    private static final long LINK_LOCAL_POLL_MILLIS = 5;

    private final Rtnetlink ns;
    private final Consumer<String> warn;
    /** The tap's name, for warning lines; set by {@link #configure}. */
    private String tapName;

    /**
     * @param ns   a session opened inside the target namespace
     * @param warn receives one line per thing that could not be set up
     */
    public NamespaceConfigurator(Rtnetlink ns, Consumer<String> warn) {
        this.ns = ns;
        this.warn = warn;
    }

    /** What the namespace ended up with, for the data path. */
    public record Result(MacAddress tapMac, InetAddress linkLocal6) {}

    public Result configure(int tapIndex, HostNetwork host, NamespaceSettings settings) {
        tapName = ns.link(tapIndex).name();
        ns.setLinkUp(LOOPBACK_INDEX);
        if (settings.tapMac() != null) {
            ns.setMac(tapIndex, settings.tapMac());
        }
        if (settings.mtu() > 0) {
            tryTo(() -> ns.setMtu(tapIndex, settings.mtu()), "set MTU " + settings.mtu());
        }
        boolean v6 = settings.ipv6().enabled();
        // With IPv6, bring the link up with NOARP: the kernel then skips duplicate address
        // detection for the link-local address it creates, which is usable at once.
        int upFlags = Tun.IFF_UP | (v6 ? Tun.IFF_NOARP : 0);
        ns.setLinkFlags(tapIndex, upFlags, upFlags);

        InetAddress linkLocal = null;
        if (settings.ipv4().enabled()) {
            configureFamily(IpFamily.IPV4, tapIndex, host.ipv4(), settings.ipv4());
        }
        if (v6) {
            linkLocal = keepLinkLocal(tapIndex);
            ns.setLinkFlags(tapIndex, 0, Tun.IFF_NOARP);
            configureFamily(IpFamily.IPV6, tapIndex, host.ipv6(), settings.ipv6());
        }
        return new Result(ns.mac(tapIndex), linkLocal);
    }

    /**
     * Waits for the kernel to make the tap's link-local address, then marks it NODAD so it
     * never becomes tentative; returns it (null if none appeared in time). The kernel makes
     * it when the link gets its carrier, which the link-watch worker reports asynchronously,
     * so right after "up" it may not exist yet. While we wait, NOARP keeps DAD away.
     */
    private InetAddress keepLinkLocal(int tapIndex) {
        long deadline = System.nanoTime() + LINK_LOCAL_WAIT_NANOS;
        for (;;) {
            for (IfAddress a : ns.addresses(IpFamily.IPV6)) {
                if (a.index() == tapIndex && a.scope() == Rtnl.RT_SCOPE_LINK) {
                    tryTo(() -> ns.addAddress(tapIndex, a.address(), a.prefixLength(),
                                    Rtnl.RT_SCOPE_LINK, a.flags() | Rtnl.IFA_F_NODAD, true),
                            "set NODAD on link-local address " + a);
                    return a.address();
                }
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            try {
                Thread.sleep(LINK_LOCAL_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private void configureFamily(IpFamily family, int tapIndex, TemplateInterface template,
                                 FamilySettings s) {
        if (s.copiesAddresses() && template != null) {
            for (IfAddress a : copyableAddresses(template)) {
                addAddress(family, tapIndex, a.address(), a.prefixLength(),
                        a.flags() & Rtnl.IFA_F_NOPREFIXROUTE, false);
            }
        } else {
            InetAddress addr = s.address() != null ? s.address()
                    : template != null && template.address() != null
                    ? template.address().address() : null;
            if (addr != null) {
                addAddress(family, tapIndex, addr, prefixFor(addr, s, template), 0,
                        s.address() != null);
            }
        }
        if (s.copiesRoutes() && template != null) {
            copyRoutes(family, tapIndex, template);
        } else {
            InetAddress gw = s.gateway() != null ? s.gateway()
                    : template != null ? template.gateway() : null;
            if (gw != null) {
                addDefaultRoute(family, tapIndex, gw);
            }
        }
    }

    /** The host's addresses worth copying: global ones still in use. */
    private static List<IfAddress> copyableAddresses(TemplateInterface t) {
        return t.addresses().stream()
                .filter(a -> a.scope() != Rtnl.RT_SCOPE_LINK && !a.isLinkLocal()
                        && !a.isDeprecated())
                .toList();
    }

    /**
     * Adds one address, NODAD for IPv6 (the address is a copy: checking for duplicates on a
     * link with only us on the other end only delays it). An explicit address that fails is
     * fatal; a copied one a warning.
     */
    private void addAddress(IpFamily family, int tapIndex, InetAddress addr, int prefix,
                            int flags, boolean essential) {
        int f = flags | (family == IpFamily.IPV6 ? Rtnl.IFA_F_NODAD : 0);
        try {
            ns.addAddress(tapIndex, addr, prefix, f);
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EEXIST) {
                return;
            }
            if (essential) {
                throw e;
            }
            warn.accept("Couldn't set " + family + " address " + IpText.prefix(addr, prefix) + " in namespace: " + e.reason());
        }
    }

    /**
     * The prefix length for a single address: the user's, else the host's for that same
     * address, else 64 for IPv6 and the classful mask for IPv4 (as RFC 4632 describes).
     */
    static int prefixFor(InetAddress addr, FamilySettings s, TemplateInterface t) {
        if (s.prefixLength() >= 0) {
            return s.prefixLength();
        }
        if (t != null) {
            for (IfAddress a : t.addresses()) {
                if (a.address().equals(addr)) {
                    return a.prefixLength();
                }
            }
        }
        if (IpFamily.of(addr) == IpFamily.IPV6) {
            return 64;
        }
        int first = addr.getAddress()[0] & 0xff;
        return first < 128 ? 8 : first < 192 ? 16 : 24;
    }

    /**
     * A default route via {@code gw}. An IPv4 gateway outside every prefix of the tap is
     * unreachable for the kernel; it is then added as on-link, which is what the tap is.
     */
    private void addDefaultRoute(IpFamily family, int tapIndex, InetAddress gw) {
        Route r = Route.unicast(family, null, 0, gw, tapIndex);
        try {
            ns.addRoute(r);
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EEXIST) {
                return;
            }
            if (e.errno() == Errno.ENETUNREACH) {
                routeOrWarn(family, r.withFlags(Rtnl.RTNH_F_ONLINK));
            } else {
                warnRoute(family, r, e);
            }
        }
    }

    /**
     * Copies the template's routes onto the tap. Direct routes go first so gateways are
     * reachable; since routes can still depend on each other in ways the order does not
     * capture, failed ones are retried as long as a pass makes progress. What still fails
     * is reported, one line per route.
     */
    private void copyRoutes(IpFamily family, int tapIndex, TemplateInterface t) {
        List<Route> pending = new ArrayList<>();
        for (Route r : t.routes()) {
            if (TemplateSelector.isLinkLocalPrefix(r)) {
                continue; // the kernel makes fe80::/64 for every IPv6 link itself
            }
            Route moved = r.movedTo(t.index(), tapIndex);
            if (moved != null) {
                pending.add(moved);
            }
        }
        pending.sort(Route.DIRECT_FIRST);
        List<NetlinkException> errors = new ArrayList<>();
        while (!pending.isEmpty()) {
            List<Route> failed = new ArrayList<>();
            errors.clear();
            for (Route r : pending) {
                NetlinkException e = tryRoute(r);
                if (e != null) {
                    failed.add(r);
                    errors.add(e);
                }
            }
            if (failed.size() == pending.size()) {
                break;
            }
            pending = failed;
        }
        for (int i = 0; i < errors.size(); i++) {
            warnRoute(family, pending.get(i), errors.get(i));
        }
    }

    /** Adds a route; null if it is there now (an existing identical route counts). */
    private NetlinkException tryRoute(Route r) {
        try {
            ns.addRoute(r);
            return null;
        } catch (NetlinkException e) {
            return e.errno() == Errno.EEXIST ? null : e;
        }
    }

    private void routeOrWarn(IpFamily family, Route r) {
        NetlinkException e = tryRoute(r);
        if (e != null) {
            warnRoute(family, r, e);
        }
    }

    private void warnRoute(IpFamily family, Route r, NetlinkException e) {
        warn.accept("Couldn't set " + family + " route " + r.describe(i -> tapName) + " in namespace: " + e.reason());
    }

    private void tryTo(Runnable action, String what) {
        try {
            action.run();
        } catch (NetlinkException e) {
            warn.accept("Couldn't " + what + " in namespace: " + e.reason());
        }
    }
}

package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Rtnl;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A routing table entry: what the copy and the discovery logic need, nothing transient
 * (no cache info, preferred source or nexthop-object id, which are host-specific).
 *
 * @param destination null for a default route
 * @param gateway     null for a direct route (or when {@code nextHops} carry them)
 * @param oif         output interface, 0 for multipath routes
 * @param priority    the metric, or -1 when the kernel gave none
 * @param nextHops    empty unless the route is multipath
 */
public record Route(IpFamily family, InetAddress destination, int prefixLength, InetAddress gateway,
                    int oif, int priority, int table, int protocol, int scope, int type, int flags,
                    List<NextHop> nextHops) {
    public Route {
        nextHops = List.copyOf(nextHops);
    }

    /** A plain unicast route in the main table, as the configuration adds it. */
    public static Route unicast(IpFamily family, InetAddress destination, int prefixLength,
                                InetAddress gateway, int oif) {
        return new Route(family, destination, prefixLength, gateway, oif, -1, Rtnl.RT_TABLE_MAIN,
                Rtnl.RTPROT_BOOT, gateway == null ? Rtnl.RT_SCOPE_LINK : Rtnl.RT_SCOPE_UNIVERSE,
                Rtnl.RTN_UNICAST, 0, List.of());
    }

    public boolean isDefault() {
        return prefixLength == 0;
    }

    public boolean hasGateway() {
        return gateway != null || nextHops.stream().anyMatch(h -> h.gateway() != null);
    }

    /**
     * The interface the route leaves through: its oif, or for a multipath route the
     * interface of the preferred path ({@link #preferredHop}).
     */
    public int outputInterface() {
        if (oif != 0 || nextHops.isEmpty()) {
            return oif;
        }
        return preferredHop().ifIndex();
    }

    /** The path with the highest weight, the first one on ties; null if not multipath. */
    public NextHop preferredHop() {
        NextHop best = null;
        for (NextHop h : nextHops) {
            if (best == null || h.weight() > best.weight()) {
                best = h;
            }
        }
        return best;
    }

    /** The gateway of the route, or of its preferred path; null for a direct route. */
    public InetAddress effectiveGateway() {
        if (gateway != null || nextHops.isEmpty()) {
            return gateway;
        }
        return preferredHop().gateway();
    }

    /** Whether the route, or any of its paths, leaves through {@code ifIndex}. */
    public boolean uses(int ifIndex) {
        return oif == ifIndex || nextHops.stream().anyMatch(h -> h.ifIndex() == ifIndex);
    }

    public Route withFlags(int newFlags) {
        return new Route(family, destination, prefixLength, gateway, oif, priority, table,
                protocol, scope, type, newFlags, nextHops);
    }

    /**
     * The same route leaving through {@code to} instead of {@code from}. Paths of a multipath
     * route through other interfaces are dropped (they have no counterpart in the namespace);
     * a single remaining path becomes a plain route. Null if no path is left.
     */
    public Route movedTo(int from, int to) {
        if (nextHops.isEmpty()) {
            return oif == from ? withPaths(to, gateway, List.of()) : null;
        }
        List<NextHop> kept = nextHops.stream().filter(h -> h.ifIndex() == from)
                .map(h -> h.withIfIndex(to)).toList();
        if (kept.isEmpty()) {
            return null;
        }
        if (kept.size() == 1) {
            return withPaths(to, kept.get(0).gateway(), List.of());
        }
        return withPaths(0, null, kept);
    }

    private Route withPaths(int newOif, InetAddress newGateway, List<NextHop> hops) {
        return new Route(family, destination, prefixLength, newGateway, newOif, priority, table,
                protocol, scope, type, flags, hops);
    }

    /** Direct routes first, then gateway routes: a gateway must be reachable when added. */
    public static final Comparator<Route> DIRECT_FIRST =
            Comparator.comparing(Route::hasGateway);

    @Override
    public String toString() {
        return describe(i -> "#" + i);
    }

    /** In {@code ip route} style, naming interfaces with {@code ifName}. */
    public String describe(IntFunction<String> ifName) {
        StringBuilder sb = new StringBuilder();
        sb.append(destination == null ? "default" : IpText.prefix(destination, prefixLength));
        if (gateway != null) {
            sb.append(" via ").append(IpText.of(gateway));
        }
        if (oif != 0) {
            sb.append(" dev ").append(ifName.apply(oif));
        }
        for (NextHop h : nextHops) {
            sb.append(" nexthop");
            if (h.gateway() != null) {
                sb.append(" via ").append(IpText.of(h.gateway()));
            }
            sb.append(" dev ").append(ifName.apply(h.ifIndex())).append(" weight ").append(h.weight());
        }
        if (priority >= 0) {
            sb.append(" metric ").append(priority);
        }
        return sb.toString();
    }
}

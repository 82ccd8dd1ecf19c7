package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Rtnl;

import java.net.InetAddress;
import java.util.List;

/**
 * The host's network configuration as pasta and passt derive their defaults from it: one
 * template interface per IP version, read once at start through a session in the host's
 * namespace.
 *
 * @param ipv4 null when IPv4 has no usable interface (or was not asked for)
 * @param ipv6 null likewise for IPv6
 */
public record HostNetwork(TemplateInterface ipv4, TemplateInterface ipv6) {

    public TemplateInterface of(IpFamily family) {
        return family == IpFamily.IPV4 ? ipv4 : ipv6;
    }

    /**
     * Reads the host's configuration.
     *
     * @param interface4 the IPv4 template interface given by the user ({@code -i} or
     *                   {@code --outbound-if4}), null to choose from the routes
     * @param interface6 the same for IPv6
     * @throws NetlinkException if a named interface does not exist, or netlink fails
     */
    public static HostNetwork discover(Rtnetlink nl, String interface4, String interface6) {
        return new HostNetwork(template(nl, IpFamily.IPV4, interface4),
                template(nl, IpFamily.IPV6, interface6));
    }

    /** One IP version's template interface, or null if there is none. */
    public static TemplateInterface template(Rtnetlink nl, IpFamily family, String interfaceName) {
        List<Route> routes = nl.routes(family);
        int index = interfaceName != null ? nl.linkIndex(interfaceName)
                : TemplateSelector.select(routes);
        if (index == 0) {
            return null;
        }
        Link link = nl.link(index);
        List<IfAddress> addresses = nl.addresses(family).stream()
                .filter(a -> a.index() == index).toList();
        List<Route> through = routes.stream().filter(r -> r.uses(index)).toList();
        return new TemplateInterface(family, index, link.name(), link.mtu(), link.mac(),
                guestAddress(addresses), gateway(through, index), addresses, through);
    }

    /** The first global, usable address: what the guest gets by default. */
    static IfAddress guestAddress(List<IfAddress> addresses) {
        for (IfAddress a : addresses) {
            if (a.scope() == Rtnl.RT_SCOPE_UNIVERSE && !a.isDeprecated() && !a.isLinkLocal()) {
                return a;
            }
        }
        return null;
    }

    /**
     * The gateway of the first default route through {@code index}; of a multipath one, the
     * highest-weight path that leaves through {@code index}.
     */
    static InetAddress gateway(List<Route> routes, int index) {
        for (Route r : routes) {
            if (!r.isDefault() || r.type() != Rtnl.RTN_UNICAST) {
                continue;
            }
            Route mine = r.movedTo(index, index);
            if (mine != null && mine.effectiveGateway() != null) {
                return mine.effectiveGateway();
            }
        }
        return null;
    }
}

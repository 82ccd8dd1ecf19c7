package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Rtnl;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Choosing the template interface and its gateway from route lists. */
class TemplateSelectionTest {
    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    static Route direct(String dst, int len, int oif) throws Exception {
        return Route.unicast(IpFamily.IPV4, ip(dst), len, null, oif);
    }

    static Route deflt(String gw, int oif) throws Exception {
        return Route.unicast(IpFamily.IPV4, null, 0, ip(gw), oif);
    }

    static Route multipath(NextHop... hops) {
        return new Route(IpFamily.IPV4, null, 0, null, 0, -1, Rtnl.RT_TABLE_MAIN,
                Rtnl.RTPROT_BOOT, 0, Rtnl.RTN_UNICAST, 0, List.of(hops));
    }

    @Test
    void firstDefaultRouteWins() throws Exception {
        assertEquals(3, TemplateSelector.select(List.of(direct("192.0.2.0", 24, 2),
                deflt("203.0.113.1", 3), deflt("192.0.2.1", 2))));
    }

    @Test
    void multipathDefaultUsesHighestWeightPath() throws Exception {
        Route mp = multipath(new NextHop(2, ip("192.0.2.1"), 1, 0),
                new NextHop(3, ip("203.0.113.1"), 3, 0), new NextHop(4, ip("198.51.100.1"), 3, 0));
        assertEquals(3, TemplateSelector.select(List.of(mp)));
        assertEquals(ip("203.0.113.1"), HostNetwork.gateway(List.of(mp), 3));
        assertEquals(ip("192.0.2.1"), HostNetwork.gateway(List.of(mp), 2),
                "with -i, the path through the chosen interface");
    }

    @Test
    void withoutDefaultOnlyASingleInterfaceQualifies() throws Exception {
        assertEquals(2, TemplateSelector.select(List.of(direct("192.0.2.0", 24, 2),
                direct("198.51.100.0", 24, 2))));
        assertEquals(0, TemplateSelector.select(List.of(direct("192.0.2.0", 24, 2),
                direct("198.51.100.0", 24, 5))));
        assertEquals(0, TemplateSelector.select(List.of()));
    }

    @Test
    void linkLocalAndOtherTablesIgnored() throws Exception {
        Route other = new Route(IpFamily.IPV4, null, 0, ip("192.0.2.1"), 9, -1, 100, 3, 0,
                Rtnl.RTN_UNICAST, 0, List.of());
        assertEquals(2, TemplateSelector.select(List.of(direct("169.254.0.0", 16, 7), other,
                direct("192.0.2.0", 24, 2))));
    }

    @Test
    void guestAddressIsFirstGlobalUsable() throws Exception {
        IfAddress ll = new IfAddress(2, ip("fe80::1"), 64, Rtnl.RT_SCOPE_LINK, 0);
        IfAddress dep = new IfAddress(2, ip("2001:db8::1"), 64, 0, Rtnl.IFA_F_DEPRECATED);
        IfAddress good = new IfAddress(2, ip("2001:db8::2"), 64, 0, 0);
        assertEquals(good, HostNetwork.guestAddress(List.of(ll, dep, good)));
        assertNull(HostNetwork.guestAddress(List.of(ll)));
    }

    @Test
    void singleAddressPrefixDefaults() throws Exception {
        TemplateInterface t = new TemplateInterface(IpFamily.IPV4, 2, "eth0", 1500, null, null,
                null, List.of(new IfAddress(2, ip("192.0.2.7"), 26, 0, 0)), List.of());
        FamilySettings none = FamilySettings.COPY_FROM_HOST;
        assertEquals(26, NamespaceConfigurator.prefixFor(ip("192.0.2.7"), none, t));
        assertEquals(24, NamespaceConfigurator.prefixFor(ip("192.0.2.8"), none, t));
        assertEquals(8, NamespaceConfigurator.prefixFor(ip("10.1.2.3"), none, null));
        assertEquals(64, NamespaceConfigurator.prefixFor(ip("2001:db8::1"), none, null));
        assertEquals(30, NamespaceConfigurator.prefixFor(ip("192.0.2.8"),
                new FamilySettings(true, ip("192.0.2.8"), 30, null, false, false), t));
    }
}

package io.jpasst.engine.control.netlink;

import io.jpasst.engine.control.conf.MacAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Discovery and configuration against the real kernel, in scratch namespaces only. A "host"
 * namespace gets two veth links with documentation addresses, default routes for both IP
 * versions through {@code vh0}; each configuration test gets a fresh "guest" namespace with
 * a veth {@code tp0} standing in for pasta's tap.
 */
class KernelNetlinkTest {
    private static ScratchNetns host;

    @BeforeAll
    static void setUpHost() {
        assumeTrue(ScratchNetns.available(), "needs root and iproute2");
        host = new ScratchNetns("host");
        host.script("""
                link add vh0 type veth peer name vh0p
                link add vx0 type veth peer name vx0p
                link set vh0 address 02:00:00:00:0a:01 mtu 1400
                link set vh0 up
                link set vh0p up
                link set vx0 up
                link set vx0p up
                addr add 192.0.2.10/24 dev vh0
                addr add 192.0.2.11/24 dev vh0
                addr add 2001:db8:1::10/64 dev vh0 nodad
                addr add 198.51.100.5/24 dev vx0
                addr add 2001:db8:2::5/64 dev vx0 nodad
                route add default via 192.0.2.1 dev vh0
                route add 203.0.113.0/24 via 192.0.2.254 dev vh0
                route add default via 2001:db8:1::1 dev vh0
                route add 2001:db8:3::/48 via 2001:db8:1::fe dev vh0
                """);
    }

    @AfterAll
    static void tearDownHost() {
        if (host != null) {
            host.close();
        }
    }

    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static HostNetwork discover(String if4, String if6) throws Exception {
        return host.inside(() -> {
            try (Rtnetlink nl = Rtnetlink.open()) {
                return HostNetwork.discover(nl, if4, if6);
            }
        });
    }

    @Test
    void discoveryFollowsTheDefaultRoutes() throws Exception {
        HostNetwork h = discover(null, null);
        TemplateInterface v4 = h.ipv4();
        assertNotNull(v4);
        assertEquals("vh0", v4.name());
        assertEquals(1400, v4.mtu());
        assertEquals(MacAddress.parse("02:00:00:00:0a:01"), v4.mac());
        assertEquals(ip("192.0.2.10"), v4.address().address());
        assertEquals(24, v4.address().prefixLength());
        assertEquals(ip("192.0.2.1"), v4.gateway());
        assertEquals(2, v4.addresses().size());
        assertTrue(v4.routes().stream().anyMatch(r -> r.prefixLength() == 24
                && ip4("203.0.113.0").equals(r.destination())));

        TemplateInterface v6 = h.ipv6();
        assertNotNull(v6);
        assertEquals("vh0", v6.name());
        assertEquals(ip("2001:db8:1::10"), v6.address().address());
        assertEquals(64, v6.address().prefixLength());
        assertEquals(ip("2001:db8:1::1"), v6.gateway());
    }

    private static InetAddress ip4(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void explicitInterfaceOverridesRoutes() throws Exception {
        HostNetwork h = discover("vx0", "vx0");
        assertEquals("vx0", h.ipv4().name());
        assertEquals(ip("198.51.100.5"), h.ipv4().address().address());
        assertNull(h.ipv4().gateway());
        assertEquals(ip("2001:db8:2::5"), h.ipv6().address().address());
    }

    @Test
    void multipathDefaultRouteChoosesTheHeaviestPath() throws Exception {
        try (ScratchNetns mp = new ScratchNetns("mp"); ScratchNetns g = guest()) {
            mp.script("""
                    link add m0 type veth peer name m0p
                    link add m1 type veth peer name m1p
                    link set m0 up
                    link set m0p up
                    link set m1 up
                    link set m1p up
                    addr add 192.0.2.10/24 dev m0
                    addr add 198.51.100.10/24 dev m1
                    route add default nexthop via 192.0.2.1 dev m0 weight 1 nexthop via 198.51.100.1 dev m1 weight 3
                    """);
            HostNetwork h = mp.inside(() -> {
                try (Rtnetlink nl = Rtnetlink.open()) {
                    return HostNetwork.discover(nl, null, null);
                }
            });
            assertEquals("m1", h.ipv4().name());
            assertEquals(ip("198.51.100.1"), h.ipv4().gateway());
            assertEquals(ip("198.51.100.10"), h.ipv4().address().address());
            assertNull(h.ipv6(), "no IPv6 routes at all");

            // the copy keeps only the path through the template interface
            List<String> warnings = configure(g, h, new NamespaceSettings(
                    FamilySettings.COPY_FROM_HOST, FamilySettings.DISABLED, 0, null));
            assertEquals(List.of(), warnings);
            String r4 = g.ip("-j", "-4", "route", "show", "dev", "tp0");
            assertTrue(hasRoute(r4, "default", "198.51.100.1"), r4);
        }
    }

    @Test
    void readsAndChangesLinks() throws Exception {
        try (ScratchNetns ns = new ScratchNetns("link")) {
            ns.ip("link", "add", "l0", "type", "veth", "peer", "name", "l1");
            MacAddress mac = MacAddress.parse("02:00:00:00:0b:07");
            Link after = ns.inside(() -> {
                try (Rtnetlink nl = Rtnetlink.open()) {
                    int idx = nl.linkIndex("l0");
                    nl.setMtu(idx, 9000);
                    nl.setMac(idx, mac);
                    nl.setLinkUp(idx);
                    NetlinkException e = null;
                    try {
                        nl.linkIndex("nosuchlink");
                    } catch (NetlinkException x) {
                        e = x;
                    }
                    assertNotNull(e);
                    assertEquals(3, nl.links().size());
                    return nl.link(idx);
                }
            });
            assertEquals(9000, after.mtu());
            assertEquals(mac, after.mac());
            assertTrue(after.isUp());
            String json = ns.ip("-j", "link", "show", "l0");
            assertTrue(json.contains("\"mtu\":9000"), json);
            assertTrue(json.contains("02:00:00:00:0b:07"), json);
        }
    }

    /** A guest namespace with a veth {@code tp0} (peer up, so it gets a carrier). */
    private static ScratchNetns guest() {
        ScratchNetns g = new ScratchNetns("guest");
        g.script("""
                link add tp0 type veth peer name tp0p
                link set tp0p up
                """);
        return g;
    }

    private static List<String> configure(ScratchNetns g, HostNetwork h, NamespaceSettings s)
            throws Exception {
        List<String> warnings = new ArrayList<>();
        g.inside(() -> {
            try (Rtnetlink nl = Rtnetlink.open()) {
                return new NamespaceConfigurator(nl, warnings::add)
                        .configure(nl.linkIndex("tp0"), h, s);
            }
        });
        return warnings;
    }

    /** The JSON objects of {@code ip -j} output, split crudely but enough for contains(). */
    private static List<String> objects(String json) {
        return Arrays.asList(json.split("\\},\\{"));
    }

    private static boolean hasRoute(String json, String dst, String gateway) {
        return objects(json).stream().anyMatch(o -> o.contains("\"dst\":\"" + dst + "\"")
                && (gateway == null ? !o.contains("\"gateway\"")
                : o.contains("\"gateway\":\"" + gateway + "\"")));
    }

    @Test
    void copiesAddressesAndRoutes() throws Exception {
        HostNetwork h = discover(null, null);
        try (ScratchNetns g = guest()) {
            MacAddress mac = MacAddress.parse("02:00:00:00:0c:01");
            List<String> warnings = configure(g, h, new NamespaceSettings(
                    FamilySettings.COPY_FROM_HOST, FamilySettings.COPY_FROM_HOST, 65520, mac));
            assertEquals(List.of(), warnings);

            String addrs = g.ip("-j", "addr", "show", "tp0");
            assertTrue(addrs.contains("\"local\":\"192.0.2.10\",\"prefixlen\":24"), addrs);
            assertTrue(addrs.contains("\"local\":\"192.0.2.11\",\"prefixlen\":24"), addrs);
            assertTrue(addrs.contains("\"local\":\"2001:db8:1::10\",\"prefixlen\":64"), addrs);
            assertTrue(addrs.contains("\"mtu\":65520"), addrs);
            assertTrue(addrs.contains("02:00:00:00:0c:01"), addrs);
            assertTrue(!addrs.contains("tentative"), addrs);
            assertTrue(g.ip("-j", "link", "show", "lo").contains("\"operstate\":\"UNKNOWN\""));

            String r4 = g.ip("-j", "-4", "route", "show", "dev", "tp0");
            assertTrue(hasRoute(r4, "default", "192.0.2.1"), r4);
            assertTrue(hasRoute(r4, "203.0.113.0/24", "192.0.2.254"), r4);
            assertTrue(hasRoute(r4, "192.0.2.0/24", null), r4);
            String r6 = g.ip("-j", "-6", "route", "show", "dev", "tp0");
            assertTrue(hasRoute(r6, "default", "2001:db8:1::1"), r6);
            assertTrue(hasRoute(r6, "2001:db8:3::/48", "2001:db8:1::fe"), r6);
        }
    }

    @Test
    void explicitAddressInAnotherSubnetStillGetsTheHostRoutes() throws Exception {
        HostNetwork h = discover(null, null);
        try (ScratchNetns g = guest()) {
            // the host's gateways are outside 10.0.0.0/24: they stay reachable because the
            // host's direct routes are copied before the routes that use them
            FamilySettings v4 = new FamilySettings(true, ip("10.0.0.2"), 24, null, false, false);
            List<String> warnings = configure(g, h, new NamespaceSettings(v4,
                    FamilySettings.COPY_FROM_HOST, 0, null));
            assertEquals(List.of(), warnings);
            String addrs = g.ip("-j", "addr", "show", "tp0");
            assertTrue(addrs.contains("\"local\":\"10.0.0.2\",\"prefixlen\":24"), addrs);
            assertTrue(!addrs.contains("192.0.2.10"), addrs);
            String r4 = g.ip("-j", "-4", "route", "show", "dev", "tp0");
            assertTrue(hasRoute(r4, "192.0.2.0/24", null), r4);
            assertTrue(hasRoute(r4, "default", "192.0.2.1"), r4);
            assertTrue(hasRoute(r4, "203.0.113.0/24", "192.0.2.254"), r4);
        }
    }

    @Test
    void rejectedCopiesWarnAndTheRestWorks() throws Exception {
        HostNetwork h = discover(null, null);
        try (ScratchNetns g = guest()) {
            // IPv6 off on the tap: every IPv6 address and route is refused by the kernel
            ScratchNetns.run("ip", "netns", "exec", g.name, "sysctl", "-qw",
                    "net.ipv6.conf.tp0.disable_ipv6=1");
            List<String> warnings = configure(g, h, new NamespaceSettings(
                    FamilySettings.COPY_FROM_HOST, FamilySettings.COPY_FROM_HOST, 0, null));
            assertTrue(warnings.stream().anyMatch(w -> w.startsWith("Couldn't set IPv6 route")),
                    warnings.toString());
            assertTrue(warnings.stream().allMatch(w -> w.startsWith("Couldn't set IPv6")),
                    warnings.toString());
            assertTrue(warnings.stream().noneMatch(w -> w.contains("\n")));
            String r4 = g.ip("-j", "-4", "route", "show", "dev", "tp0");
            assertTrue(hasRoute(r4, "default", "192.0.2.1"), r4);
            assertTrue(hasRoute(r4, "203.0.113.0/24", "192.0.2.254"), r4);
        }
    }

    @Test
    void explicitGatewayOutsideThePrefixIsAddedOnLink() throws Exception {
        HostNetwork h = discover(null, null);
        try (ScratchNetns g = guest()) {
            FamilySettings v4 = new FamilySettings(true, ip("192.0.2.50"), 24, ip("198.51.100.1"),
                    false, false);
            List<String> warnings = configure(g, h, new NamespaceSettings(v4,
                    FamilySettings.DISABLED, 0, null));
            assertEquals(List.of(), warnings);
            String r4 = g.ip("-j", "-4", "route", "show", "dev", "tp0");
            assertTrue(hasRoute(r4, "default", "198.51.100.1"), r4);
            assertTrue(r4.contains("onlink"), r4);
            assertTrue(!g.ip("-j", "-6", "addr", "show", "tp0").contains("2001:db8"));
        }
    }
}

package io.jpasst.it;

import static io.jpasst.it.Topology.GATEWAY_V4;
import static io.jpasst.it.Topology.HOST_IF;
import static io.jpasst.it.Topology.HOST_V4;
import static io.jpasst.it.Topology.NETMASK_V4;
import static io.jpasst.it.Topology.PREFIX_V4;
import static io.jpasst.it.Topology.RESOLVER;
import static io.jpasst.it.Topology.SEARCH;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * pasta's DHCP server, asked by real clients in a namespace pasta did not configure
 * (no {@code --config-net}): the lease must describe the host side. pasta passes DNS
 * servers and the search list only with {@code --dhcp-dns} and {@code --dhcp-search}.
 */
class DhcpTest extends PastaTestBase {
    private static final List<String> WITH_DNS = List.of("--dhcp-dns", "--dhcp-search");

    /** udhcpc once, in the foreground, asking for the search list and the MTU too. */
    private Map<String, String> udhcpcLease(List<String> extraOptions) {
        LeaseRecorder lease = new LeaseRecorder(topology, "udhcpc");
        List<String> options = new ArrayList<>(WITH_DNS);
        options.addAll(extraOptions);
        Proc.Result run = inPasta(null, options, "ip link set " + HOST_IF + " up && busybox udhcpc -i " + HOST_IF
                + " -n -q -f -O search -O mtu -s " + lease.script()).assertSuccess();
        return lease.lastLease(run);
    }

    @Test
    @AlsoOverPasst
    void udhcpcLeaseMatchesHostAddressGatewayDnsAndSearch() {
        Map<String, String> lease = udhcpcLease(List.of());
        assertEquals("bound", lease.get("event"), lease::toString);
        assertEquals(HOST_V4, lease.get("ip"));
        assertEquals(NETMASK_V4, lease.get("subnet"));
        assertEquals(GATEWAY_V4, lease.get("router"));
        assertEquals(RESOLVER, lease.get("dns"));
        assertEquals(SEARCH, lease.get("search"));
        assertEquals("65520", lease.get("mtu"), "default advertised MTU");
    }

    @Test
    @AlsoOverPasst
    void udhcpcGetsTheMtuGivenWithDashM() {
        assertEquals("1500", udhcpcLease(List.of("-m", "1500")).get("mtu"));
    }

    @Test
    @AlsoOverPasst
    void dhclientLeaseMatchesHostAddressGatewayDnsAndSearch() throws IOException {
        try (Dhclient dhclient = new Dhclient(topology, "dhclient4")) {
            Proc.Result run = inPasta(null, WITH_DNS, "ip link set " + HOST_IF + " up && "
                    + dhclient.script("-4", HOST_IF, "BOUND")).assertSuccess();
            dhclientLeaseIsTheHosts(dhclient.lease().lastLease(run));
        }
    }

    private static void dhclientLeaseIsTheHosts(Map<String, String> vars) {
        assertEquals(HOST_V4, vars.get("new_ip_address"), vars::toString);
        assertEquals(NETMASK_V4, vars.get("new_subnet_mask"));
        assertEquals(PREFIX_V4, Integer.bitCount(ipv4(vars.get("new_subnet_mask"))));
        assertEquals(GATEWAY_V4, vars.get("new_routers"));
        assertEquals(RESOLVER, vars.get("new_domain_name_servers"));
        assertEquals(SEARCH + ".", vars.get("new_domain_search"));
        assertEquals("65520", vars.get("new_interface_mtu"));
    }

    private static int ipv4(String dotted) {
        int value = 0;
        for (String part : dotted.split("\\.")) {
            value = value << 8 | Integer.parseInt(part);
        }
        return value;
    }
}

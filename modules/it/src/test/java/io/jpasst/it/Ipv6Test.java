package io.jpasst.it;

import static io.jpasst.it.Topology.HOST_IF;
import static io.jpasst.it.Topology.HOST_V6;
import static io.jpasst.it.Topology.PREFIX_V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** pasta's NDP and DHCPv6 responders, seen by the kernel's SLAAC and by dhclient -6. */
class Ipv6Test extends PastaTestBase {

    @Test
    @AlsoOverPasst
    void slaacGivesAnAddressInTheHostPrefixAndADefaultRoute() {
        Proc.Result run = inPasta(null, List.of(), "ip link set " + HOST_IF + " up; "
                + waitUntil("ip -6 route show default | grep -q . && ip -6 addr show dev " + HOST_IF
                        + " scope global | grep -q inet6", 5)
                + "ip -6 -j addr show dev " + HOST_IF + " scope global; ip -6 -j route show default")
                .assertSuccess();
        String[] json = (run.stdout() + "\n").split("\n", 2);
        List<String> slaac = Jq.lines(json[0], ".[].addr_info[] | select(.local != null) | \"\\(.local)/\\(.prefixlen)\"");
        assertFalse(slaac.isEmpty(), "no global IPv6 address from router advertisements: " + run);
        assertTrue(slaac.stream().allMatch(a -> a.startsWith(PREFIX_V6) && a.endsWith("/64")),
                "SLAAC addresses outside the host's 2001:db8:1::/64: " + slaac);
        assertEquals(List.of(HOST_IF), Jq.lines(json[1], ".[].dev"), run::toString);
    }

    @Test
    @AlsoOverPasst
    void routerAdvertisementCarriesTheMtuGivenWithDashM() {
        // the tap starts at 1500 without --config-net; the kernel applies a smaller RA MTU
        // to IPv6 on the link only, so the sysctl shows what the RA carried
        Proc.Result run = inPasta(null, List.of("-m", "1400"), "ip link set " + HOST_IF + " up; "
                + waitUntil("ip -6 route show default | grep -q .", 5)
                + "cat /proc/sys/net/ipv6/conf/" + HOST_IF + "/mtu").assertSuccess();
        assertEquals("1400", run.stdout().strip(), run::toString);
    }

    @Test
    @AlsoOverPasst
    void dhclient6GetsTheHostAddressAsSlash128() throws IOException {
        Map<String, String> vars;
        try (Dhclient dhclient = new Dhclient(topology, "dhclient6")) {
            // dhclient -6 needs a usable link-local address: wait for duplicate address detection
            Proc.Result run = inPasta(null, List.of(), "ip link set " + HOST_IF + " up; "
                    + waitUntil("ip -6 addr show dev " + HOST_IF + " scope link | grep -q inet6"
                            + " && ! ip -6 addr show dev " + HOST_IF + " tentative | grep -q inet6", 5)
                    + dhclient.script("-6", HOST_IF, "BOUND6")).assertSuccess();
            vars = dhclient.lease().lastLease(run);
        }
        assertEquals(HOST_V6, vars.get("new_ip6_address"), vars::toString);
        assertEquals("128", vars.get("new_ip6_prefixlen"));
    }
}

package io.jpasst.it;

import static io.jpasst.it.Topology.GATEWAY_V4;
import static io.jpasst.it.Topology.GATEWAY_V6;
import static io.jpasst.it.Topology.HOST_IF;
import static io.jpasst.it.Topology.HOST_V4;
import static io.jpasst.it.Topology.HOST_V6;
import static io.jpasst.it.Topology.PREFIX_V4;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code pasta --config-net}: the namespace mirrors the host's addresses and routes. */
class NamespaceConfigTest extends PastaTestBase {

    private static final String ADDRESSES = "ip -j addr show dev " + HOST_IF;
    private static final String DEFAULT_ROUTE = " | \"\\(.gateway) \\(.dev)\"";

    /** jq filter applied to what script printed inside {@code pasta --config-net}. */
    private void assertQuery(List<String> expected, String script, String filter) {
        Proc.Result r = inConfiguredNamespace(script);
        assertEquals(expected, Jq.lines(r.stdout(), filter), r::toString);
    }

    private static String addressesOf(String family) {
        return ".[].addr_info[] | select(.family == \"" + family + "\" and .scope == \"global\")"
                + " | \"\\(.local)/\\(.prefixlen)\"";
    }

    @Test
    void configNetCopiesHostIpv4AddressAndPrefix() {
        assertQuery(List.of(HOST_V4 + "/" + PREFIX_V4), ADDRESSES, addressesOf("inet"));
    }

    @Test
    void configNetCopiesHostGlobalIpv6Address() {
        // the C pasta copies the /64; a /128 is as good: only the address is promised
        assertQuery(List.of("true"), ADDRESSES, "[" + addressesOf("inet6") + " | startswith(\"" + HOST_V6
                + "/\")] | any");
    }

    @Test
    void configNetSetsIpv4DefaultRouteViaHostGateway() {
        assertQuery(List.of(GATEWAY_V4 + " " + HOST_IF), "ip -4 -j route show default", ".[]" + DEFAULT_ROUTE);
    }

    @Test
    void configNetSetsIpv6DefaultRouteViaHostGateway() {
        assertQuery(List.of(GATEWAY_V6 + " " + HOST_IF), "ip -6 -j route show default", ".[]" + DEFAULT_ROUTE);
    }

    @Test
    void configNetBringsLoopbackUp() {
        assertQuery(List.of("true"), "ip -j link show dev lo", ".[] | .flags | index(\"UP\") != null");
    }

    @Test
    void tapMtuIs65520ByDefault() {
        assertQuery(List.of("65520"), "ip -j link show dev " + HOST_IF, ".[].mtu");
    }

    @Test
    void commandExitStatusBecomesPastaExitStatus() {
        Proc.Result r = inPasta(null, List.of("--config-net"), "exit 7");
        assertEquals(7, r.exitCode(), r::toString);
    }

    @Test
    void stdinReachesTheCommand() {
        Proc.Result r = inPasta("hello\n", List.of("--config-net"), "cat").assertSuccess();
        assertEquals("hello", r.stdout().strip(), r::toString);
    }
}

package io.jpasst.it;

import static io.jpasst.it.Topology.GATEWAY_V4;
import static io.jpasst.it.Topology.GATEWAY_V6;
import static io.jpasst.it.Topology.HOST_IF;
import static io.jpasst.it.Topology.HOST_V4;
import static io.jpasst.it.Topology.HOST_V6;
import static io.jpasst.it.Topology.PREFIX_V4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code pasta --config-net}: the namespace mirrors the host's addresses and routes. */
class NamespaceConfigTest extends PastaTestBase {

    private List<String> addresses(String family, String scope) {
        String json = inConfiguredNamespace("ip -j addr show dev " + HOST_IF);
        return Jq.lines(json, ".[].addr_info[] | select(.family == \"" + family + "\" and .scope == \""
                + scope + "\") | \"\\(.local)/\\(.prefixlen)\"");
    }

    @Test
    void configNetCopiesHostIpv4AddressAndPrefix() {
        assertEquals(List.of(HOST_V4 + "/" + PREFIX_V4), addresses("inet", "global"));
    }

    @Test
    void configNetCopiesHostGlobalIpv6Address() {
        List<String> v6 = addresses("inet6", "global");
        assertTrue(v6.stream().anyMatch(a -> a.startsWith(HOST_V6 + "/")), "global IPv6 addresses: " + v6);
    }

    @Test
    void configNetSetsIpv4DefaultRouteViaHostGateway() {
        String json = inConfiguredNamespace("ip -4 -j route show default");
        assertEquals(List.of(GATEWAY_V4 + " " + HOST_IF), Jq.lines(json, ".[] | \"\\(.gateway) \\(.dev)\""));
    }

    @Test
    void configNetSetsIpv6DefaultRouteViaHostGateway() {
        String json = inConfiguredNamespace("ip -6 -j route show default");
        assertEquals(List.of(GATEWAY_V6 + " " + HOST_IF), Jq.lines(json, ".[] | \"\\(.gateway) \\(.dev)\""));
    }

    @Test
    void configNetBringsLoopbackUp() {
        String json = inConfiguredNamespace("ip -j link show dev lo");
        assertEquals(List.of("true"), Jq.lines(json, ".[] | .flags | index(\"UP\") != null"));
    }

    @Test
    void tapMtuIs65520ByDefault() {
        String json = inConfiguredNamespace("ip -j link show dev " + HOST_IF);
        assertEquals(List.of("65520"), Jq.lines(json, ".[].mtu"));
    }

    @Test
    void commandExitStatusBecomesPastaExitStatus() {
        assertEquals(7, inPasta(null, List.of("--config-net"), "exit 7").exitCode());
    }

    @Test
    void stdinReachesTheCommand() {
        Proc.Result r = inPasta("hello\n", List.of("--config-net"), "cat").assertSuccess();
        assertEquals("hello", r.stdout().strip());
    }
}

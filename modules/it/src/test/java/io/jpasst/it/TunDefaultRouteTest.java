package io.jpasst.it;

import static io.jpasst.it.Topology.REMOTE_V4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A host whose IPv4 default route is a tun device, as with most VPN clients: no gateway and no
 * MAC address to copy. The namespace gets the tun's address and route, our side answers with
 * the fixed locally administered MAC 9a:55:9a:55:9a:55, and a ping leaves through the tun
 * (where tun-echo.py, the far end, answers it) and its reply comes back.
 */
class TunDefaultRouteTest extends PastaTestBase {
    private static final String TUN = "jptun0";
    private static final String TUN_V4 = "192.0.2.77";
    private static Proc.Running farEnd;

    @BeforeAll
    static void defaultRouteThroughATun() {
        String ns = topology.hostNamespace();
        farEnd = Proc.start(null, topology.work(), List.of("ip", "netns", "exec", ns, "python3",
                script("tun-echo.py").toString(), TUN));
        assertTrue(Poll.until(() -> root("ip", "-n", ns, "link", "show", TUN).exitCode() == 0, Duration.ofSeconds(20)),
                "tun-echo.py never opened " + TUN);
        for (String[] cmd : List.of(new String[] {"addr", "add", TUN_V4 + "/32", "dev", TUN},
                new String[] {"link", "set", TUN, "up"},
                new String[] {"-4", "route", "del", "default"},
                new String[] {"-4", "route", "add", "default", "dev", TUN})) {
            List<String> argv = new java.util.ArrayList<>(List.of("ip", "-n", ns));
            argv.addAll(List.of(cmd));
            Proc.run(TIMEOUT, null, topology.work(), argv).assertSuccess();
        }
    }

    @AfterAll
    static void stopTheFarEnd() {
        if (farEnd != null) {
            farEnd.close();
        }
    }

    private static Proc.Result root(String... argv) {
        return Proc.run(TIMEOUT, null, topology.work(), List.of(argv));
    }

    @Test
    void theNamespaceGetsTheTunsAddressAndReachesTheFarEnd() {
        Proc.Result r = inPasta(null, List.of("--config-net", "-4"), "ip -j -4 addr show dev " + TUN
                + "; ping -c1 -W5 " + REMOTE_V4 + " >/dev/null && echo PING-OK; ip -j neigh show " + REMOTE_V4)
                .assertSuccess();
        List<String> out = r.stdout().lines().toList();
        assertEquals(List.of(TUN_V4 + "/32"), Jq.lines(out.get(0),
                ".[].addr_info[] | \"\\(.local)/\\(.prefixlen)\""), r::toString);
        assertTrue(out.contains("PING-OK"), () -> "no echo reply through the tun: " + r);
        assertEquals(List.of("9a:55:9a:55:9a:55"), Jq.lines(out.get(out.size() - 1), ".[].lladdr"), r::toString);
    }
}

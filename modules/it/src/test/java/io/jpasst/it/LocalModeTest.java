package io.jpasst.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Local mode: on a host without a routable interface (offline laptop, CI without network:
 * here the uplink keeps only its link-local address, so no route is left) the namespace
 * still gets a network: 169.254.2.1/16 via 169.254.2.2, and a default route via fe80::1; the
 * command runs, the gateway reaches the host's loopback, and {@code -t} forwards into it.
 */
class LocalModeTest extends PastaTestBase {
    @BeforeAll
    static void noRoutableInterface() {
        for (String v : List.of("-4", "-6")) {
            Proc.run(TIMEOUT, null, topology.work(), List.of("ip", "-n", topology.hostNamespace(), v, "route", "del",
                    "default")).assertSuccess();
        }
        Proc.run(TIMEOUT, null, topology.work(), List.of("ip", "-n", topology.hostNamespace(), "addr", "flush",
                "dev", Topology.HOST_IF, "scope", "global")).assertSuccess();
    }

    @Test
    void namespaceGetsLinkLocalAddressesAndRoutes() {
        Proc.Result r = inConfiguredNamespace("ip -4 -o addr show scope global; ip -4 route show default; "
                + "ip -6 route show default");
        String out = r.stdout();
        assertTrue(out.contains("inet 169.254.2.1/16 "), out);
        assertTrue(out.contains("default via 169.254.2.2 "), out);
        assertTrue(out.contains("default via fe80::1 "), out);
    }

    @Test
    void gatewayReachesHostLoopbackAndDashTForwardsIn() {
        Path served = topology.work().resolve("local-served");
        Path done = topology.work().resolve("local-done");
        int hostPort = 7800;
        int nsPort = 7801;
        try (Proc.Running onHost = topology.startAsUser(List.of("socat", "TCP4-LISTEN:" + hostPort
                + ",bind=127.0.0.1,reuseaddr", "SYSTEM:echo from-host-loopback"))) {
            UdpTest.sleep(300);
            String script = "socat TCP4-LISTEN:" + nsPort + ",reuseaddr SYSTEM:'echo from-namespace' & "
                    + "socat -u TCP4:169.254.2.2:" + hostPort + " - > " + served + "; "
                    + waitUntil("[ -e " + done + " ]", 20);
            List<String> args = new java.util.ArrayList<>(List.of("--config-net", "-t", "" + nsPort, "--", "sh", "-c",
                    script));
            try (Proc.Running p = topology.startAsUser(pasta.command(args.toArray(String[]::new)))) {
                assertTrue(Poll.until(() -> readOr(served).contains("from-host-loopback"),
                        java.time.Duration.ofSeconds(20)), () -> "gateway to host loopback: " + readOr(served));
                Proc.Result in = topology.runAsUser(TIMEOUT, null, List.of("socat", "-u",
                        "TCP4:127.0.0.1:" + nsPort + ",connect-timeout=5", "-"));
                assertEquals("from-namespace", in.stdout().strip(), in::toString);
                try {
                    java.nio.file.Files.writeString(done, "");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                p.await(TIMEOUT);
            }
        }
    }

    private static String readOr(Path file) {
        try {
            return java.nio.file.Files.exists(file) ? java.nio.file.Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}

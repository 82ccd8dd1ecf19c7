package io.jpasst.it;

import static io.jpasst.it.Topology.REMOTE_V4;
import static io.jpasst.it.Topology.REMOTE_V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where the guest's traffic leaves the host: {@code -o ADDR} and {@code --outbound-if4/6 IF}
 * for TCP connections and pings, seen by the remote; and {@code --freebind}, with which
 * {@code -t ADDR/PORT} starts before ADDR exists and serves once it does.
 *
 * <p>The host namespace gets a second link to the internet namespace:
 * <pre>
 *   host jpup1 203.0.113.130/25, 2001:db8:3::2/64 ==== internet veth1 203.0.113.129/25, 2001:db8:3::1/64
 * </pre>
 * with default routes through it of lower priority (metric 2000; IPv6's default is 1024) than
 * the first link's. Unbound, traffic leaves through jpup0 from 192.0.2.2 / 2001:db8:1::2;
 * only the options make the remote see the second link's addresses. Reverse-path filtering is off on both ends, since a reply to
 * {@code -o}'s address comes back over the other link.
 */
class OutboundTest extends PastaTestBase {
    static final String SECOND_IF = "jpup1";
    static final String SECOND_V4 = "203.0.113.130";
    static final String SECOND_V6 = "2001:db8:3::2";
    /** Not configured anywhere until a --freebind test adds it to the second link. */
    static final String LATER_V4 = "203.0.113.140";
    static final String LATER_V6 = "2001:db8:3::40";
    static final int PORT = 7400;

    private static Path server;

    @BeforeAll
    static void secondLink() {
        String host = topology.hostNamespace();
        String internet = topology.internetNamespace();
        root("ip", "-n", host, "link", "add", SECOND_IF, "type", "veth", "peer", "name", "veth1", "netns", internet);
        root("ip", "-n", host, "addr", "add", SECOND_V4 + "/25", "dev", SECOND_IF);
        root("ip", "-n", host, "addr", "add", SECOND_V6 + "/64", "dev", SECOND_IF, "nodad");
        root("ip", "-n", internet, "addr", "add", "203.0.113.129/25", "dev", "veth1");
        root("ip", "-n", internet, "addr", "add", "2001:db8:3::1/64", "dev", "veth1", "nodad");
        root("ip", "-n", host, "link", "set", SECOND_IF, "up");
        root("ip", "-n", internet, "link", "set", "veth1", "up");
        root("ip", "-n", host, "-4", "route", "add", "default", "via", "203.0.113.129", "dev", SECOND_IF, "metric", "2000");
        root("ip", "-n", host, "-6", "route", "add", "default", "via", "2001:db8:3::1", "dev", SECOND_IF, "metric", "2000");
        for (String ns : List.of(host, internet)) {
            root("ip", "netns", "exec", ns, "sh", "-c",
                    "for f in /proc/sys/net/ipv4/conf/*/rp_filter; do echo 0 > $f; done");
        }
        server = script("tag-server.py");
    }

    private static void root(String... argv) {
        Proc.run(Duration.ofSeconds(20), null, topology.work(), List.of(argv)).assertSuccess();
    }

    /**
     * Connects once to a server on {@code remote} and pings it from {@code pasta --config-net
     * OPTIONS}: the addresses the remote saw, the TCP peer first, then every ping's source.
     */
    private List<String> remoteSees(List<String> options, String remote) throws Exception {
        Path pings = topology.work().resolve("pings-" + pasta.hashCode());
        Files.deleteIfExists(pings);
        String target = socatTcp(remote, PORT);
        try (Proc.Running srv = Proc.start(null, topology.work(), topology.inInternet(
                     List.of("python3", server.toString(), "remote", remote, Integer.toString(PORT))));
             Proc.Running rec = Proc.start(null, topology.work(), topology.inInternet(
                     List.of("python3", script("echo-sources.py").toString(), pings.toString())))) {
            assertTrue(Poll.until(() -> Files.exists(pings), Duration.ofSeconds(10)), "recorder not up");
            List<String> args = new ArrayList<>(List.of("--config-net"));
            args.addAll(options);
            Proc.Result r = inPasta(null, args, "for i in $(seq 30); do socat -t 10 - " + target
                    + ",connect-timeout=2 </dev/null && break; sleep 0.1; done; ping -c 2 -W 2 " + remote + " >&2")
                    .assertSuccess();
            Poll.until(() -> read(pings).size() > 1, Duration.ofSeconds(5));
            List<String> seen = new ArrayList<>();
            for (String line : r.stdout().strip().lines().toList()) {
                seen.add(line.split(" ")[1]);
            }
            seen.addAll(read(pings).subList(1, read(pings).size()));
            return seen;
        }
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** One TCP connection and at least one ping, all from {@code expected}. */
    private static void assertAllFrom(String expected, List<String> seen) {
        assertTrue(seen.size() >= 2, () -> "remote saw " + seen);
        for (String a : seen) {
            assertEquals(expected, a, () -> "remote saw " + seen);
        }
    }

    @Test
    void withoutOptionsTrafficLeavesThroughTheFirstLinkIpv4() throws Exception {
        assertAllFrom(Topology.HOST_V4, remoteSees(List.of(), REMOTE_V4));
    }

    @Test
    void withoutOptionsTrafficLeavesThroughTheFirstLinkIpv6() throws Exception {
        assertAllFrom(Topology.HOST_V6, remoteSees(List.of(), REMOTE_V6));
    }

    @Test
    void outboundAddressIpv4() throws Exception {
        assertAllFrom(SECOND_V4, remoteSees(List.of("-o", SECOND_V4), REMOTE_V4));
    }

    @Test
    void outboundAddressIpv6() throws Exception {
        assertAllFrom(SECOND_V6, remoteSees(List.of("-o", SECOND_V6), REMOTE_V6));
    }

    @Test
    void outboundInterfaceIpv4() throws Exception {
        assertAllFrom(SECOND_V4, remoteSees(List.of("--outbound-if4", SECOND_IF), REMOTE_V4));
    }

    @Test
    void outboundInterfaceIpv6() throws Exception {
        assertAllFrom(SECOND_V6, remoteSees(List.of("--outbound-if6", SECOND_IF), REMOTE_V6));
    }

    /**
     * {@code --freebind -t ADDR/PORT} with ADDR configured nowhere: pasta starts and its
     * namespace server is up; once ADDR is added to the host, a connection from the host to
     * ADDR:PORT reaches that server.
     */
    private void freebindServesOnceConfigured(String later, String prefix) {
        String host = topology.hostNamespace();
        Path ready = topology.work().resolve("ready-" + pasta.hashCode());
        Path done = topology.work().resolve("done-" + pasta.hashCode());
        String any = later.contains(":") ? "::" : "0.0.0.0";
        String script = "python3 " + server + " namespace " + any + " " + PORT + " & "
                + waitUntil("ss -ltnH | grep -q :" + PORT, 5) + "touch " + ready + "; "
                + waitUntil("[ -e " + done + " ]", 60) + "kill $!";
        List<String> argv = new ArrayList<>(List.of("--config-net", "--freebind", "-t", later + "/" + PORT,
                "--", "sh", "-c", script));
        try (Proc.Running p = topology.startAsUser(pasta.command(argv.toArray(String[]::new)))) {
            assertTrue(Poll.until(() -> Files.exists(ready) || !p.isAlive(), Duration.ofSeconds(30))
                    && p.isAlive(), () -> "pasta did not start: " + p.await(TIMEOUT));
            root("ip", "-n", host, "addr", "add", later + prefix, "dev", SECOND_IF, "nodad");
            try {
                String target = socatTcp(later, PORT);
                Proc.Result r = Proc.run(TIMEOUT, null, topology.work(), List.of("ip", "netns", "exec", host,
                        "socat", "-t", "10", "-", target + ",connect-timeout=5")).assertSuccess();
                assertTrue(r.stdout().startsWith("namespace "), r::toString);
            } finally {
                root("ip", "-n", host, "addr", "del", later + prefix, "dev", SECOND_IF);
                try {
                    Files.writeString(done, "");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    @Test
    void freebindListensBeforeTheAddressExistsIpv4() {
        freebindServesOnceConfigured(LATER_V4, "/32");
    }

    @Test
    void freebindListensBeforeTheAddressExistsIpv6() {
        freebindServesOnceConfigured(LATER_V6, "/128");
    }
}

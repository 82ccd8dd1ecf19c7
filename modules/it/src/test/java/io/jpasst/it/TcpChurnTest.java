package io.jpasst.it;

import static io.jpasst.it.Topology.REMOTE_V4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connection churn through the tap, as clients without keep-alive and health checks make it:
 * 50,000 short connections from the namespace to a remote server, once with the server closing
 * first and once with the client closing first. None is refused or cut short, and afterwards
 * pasta's TCP flows (its SIGUSR1 report) and its open descriptors are back where they were.
 */
class TcpChurnTest extends ForwardBaseTest {
    private static final int CONNECTIONS = 50_000;
    private static final int WORKERS = 4;
    private static final Duration LONG = Duration.ofSeconds(240);
    private static final Pattern CHURN = Pattern.compile("churn (\\d+) ok (\\d+) errors (\\d+) rate (\\d+)");
    private static final Pattern FLOWS = Pattern.compile("flows: tcp=(\\d+)");

    /**
     * The host side's ports: 50,000 connections in a minute leave more sockets in TIME_WAIT
     * (pasta's, when the client closes first) than the default 28,232 ephemeral ports, and the
     * kernel reuses them for the same destination only with tcp_tw_reuse, as a busy host is set.
     */
    @BeforeAll
    static void hostPorts() {
        Proc.run(TIMEOUT, null, topology.work(), List.of("ip", "netns", "exec", topology.hostNamespace(),
                "sysctl", "-qw", "net.ipv4.ip_local_port_range=1024 65000", "net.ipv4.tcp_tw_reuse=1"))
                .assertSuccess();
    }

    private void churn(String mode, int port) throws Exception {
        Path peer = topology.script("tcp-closes.py");
        Path base = file("base-" + port);
        Path go = file("go-" + port);
        Path done = file("done-" + port);
        Path end = file("end-" + port);
        // The namespace's own ports likewise (its sysctls are its own to set). When the client
        // closes first, its sockets wait in TIME_WAIT for a minute and, as neither pasta offers
        // the guest TCP timestamps, tcp_tw_reuse cannot reuse them: connect() then scans a full
        // port range and the run crawls at ~900 conn/s with the C pasta and ours alike. A small
        // TIME_WAIT table, as busy clients are set, frees the ports at once, so 4-tuples whose
        // last flow has just closed come back as new connections: the harder case for pasta.
        String script = "sysctl -qw net.ipv4.ip_local_port_range='1024 65000' net.ipv4.tcp_tw_reuse=1"
                + " net.ipv4.tcp_max_tw_buckets=1000; "
                + "python3 " + peer + " churn-client " + REMOTE_V4 + " " + port + " " + mode + " 10 1 >/dev/null; "
                + "sleep 0.5; touch " + base + "; " + waitUntil("[ -e " + go + " ]", 30)
                + "python3 " + peer + " churn-client " + REMOTE_V4 + " " + port + " " + mode + " " + CONNECTIONS
                + " " + WORKERS + "; touch " + done + "; " + waitUntil("[ -e " + end + " ]", 60);
        try (Proc.Running server = Proc.start(null, topology.work(), topology.inInternet(List.of("python3",
                peer.toString(), "churn-server", REMOTE_V4, Integer.toString(port), mode)));
             Proc.Running run = startPasta(List.of(), script)) {
            assertTrue(awaitFile(base, 60), "no baseline");
            long pid = pasta.daemonPid().orElseThrow();
            long fdsBefore = descriptors(pid);
            signal(pid);
            Files.createFile(go);
            assertTrue(awaitFile(done, (int) LONG.toSeconds()), "churn did not end");
            // Flows go as their closes complete: give the last ones a moment.
            Poll.until(() -> descriptors(pid) <= fdsBefore, Duration.ofSeconds(20));
            long fdsAfter = descriptors(pid);
            signal(pid);
            Thread.sleep(500);
            Files.createFile(end);
            Proc.Result r = run.await(LONG);
            Matcher m = CHURN.matcher(r.stdout());
            assertTrue(m.find(), r::toString);
            System.out.println("TcpChurnTest: " + mode + ": " + m.group() + " conn/s; descriptors " + fdsBefore
                    + " -> " + fdsAfter);
            assertEquals(CONNECTIONS, Integer.parseInt(m.group(2)), r::toString);
            assertEquals(0, Integer.parseInt(m.group(3)), r::toString);
            assertTrue(fdsAfter <= fdsBefore, () -> "descriptors before and after: " + fdsBefore + ", " + fdsAfter + ": " + r);
            if (ownPasta()) { // the flow counts are jpasst's own report
                List<Integer> flows = FLOWS.matcher(r.stderr()).results().map(f -> Integer.parseInt(f.group(1)))
                        .toList();
                assertEquals(2, flows.size(), r::toString);
                assertEquals(flows.get(0), flows.get(1), () -> "TCP flows before and after: " + r);
            }
        }
    }

    private static boolean ownPasta() {
        String chosen = System.getProperty("jpasst.pasta");
        return chosen == null || chosen.isBlank();
    }

    /** Open descriptors of a process (read as root: pasta is not dumpable). */
    private static long descriptors(long pid) {
        try (var s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void signal(long pid) {
        Proc.run(TIMEOUT, null, topology.work(), List.of("kill", "-USR1", Long.toString(pid))).assertSuccess();
    }

    @Test
    void fiftyThousandConnectionsServerClosingFirst() throws Exception {
        churn("server-first", 9401);
    }

    @Test
    void fiftyThousandConnectionsClientClosingFirst() throws Exception {
        churn("client-first", 9402);
    }
}

package io.jpasst.it;

import static io.jpasst.it.Topology.HOST_IF;
import static io.jpasst.it.Topology.HOST_V4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** passt as libvirt and users start it: the exact libvirt command line, help, defaults, signals. */
class PasstCommandLineTest extends PasstTestBase {
    private static final Duration QUICK = Duration.ofSeconds(30);

    @Test
    void helpExitsZeroAndMentionsSocket() {
        Proc.Result run = topology.runAsUser(QUICK, null, List.of(passtBinary().toString(), "--help"));
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue((run.stdout() + run.stderr()).contains("--socket"), run::toString);
    }

    /** What libvirt and KubeVirt run to learn the back end's type. */
    @Test
    void printCapabilitiesPrintsTypeNet() {
        Proc.Result run = topology.runAsUser(QUICK, null, List.of(passtBinary().toString(), "--print-capabilities"));
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("{\n  \"type\": \"net\"\n}\n", run.stdout(), run::toString);
    }

    /**
     * qemuPasstBuildCommand's line: the foreground process exits 0 once the socket listens,
     * holding none of the caller's pipes (Proc.run waits for EOF), the pid file names the
     * daemon, the log goes to the file, and DHCP carries --hostname and --mtu.
     */
    @Test
    void libvirtCommandLineStartsListensAndServes() throws IOException {
        Path socket = socket("vm-net0");
        Path log = topology.work().resolve("vm-net0-passt.log");
        Proc.Result run = startDaemon("--one-off", "--socket", socket.toString(),
                "--address", HOST_V4, "--netmask", "24", "--mtu", "1500", "--interface", HOST_IF,
                "--log-file", log.toString(), "--hostname", "vm1", "--fqdn", "vm1.it.jpasst.test",
                "--tcp-ports", "2222:22", "--udp-ports", "5353", "--mac-addr", "9a:55:9a:55:9a:55");
        assertTrue(Files.exists(socket), () -> "no socket once started: " + run);
        assertTrue(Files.readString(log).contains("UNIX domain socket bound at " + socket), "log file content");
        Map<String, String> out = client(socket, "dhcp");
        assertEquals(HOST_V4, out.get("dhcp-offer"), out::toString);
        assertEquals("vm1", out.get("dhcp-hostname"), out::toString);
        assertEquals("1500", out.get("dhcp-mtu"), out::toString);
        assertTrue(daemonExits(Duration.ofSeconds(10)), "--one-off: still running after the client left");
    }

    /** No --socket: the first free /tmp/passt_N.socket, announced like the C passt does. */
    @Test
    void defaultSocketPathIsAnnounced() throws IOException {
        Proc.Result run = startDaemon();
        Matcher m = Pattern.compile("UNIX domain socket bound at (/tmp/passt_(\\d+)\\.socket)")
                .matcher(run.stdout() + run.stderr());
        assertTrue(m.find(), run::toString);
        Path socket = Path.of(m.group(1));
        try {
            int n = Integer.parseInt(m.group(2));
            assertTrue(n >= 1 && n <= 64, run::toString);
            assertEquals(HOST_V4, client(socket, "dhcp").get("dhcp-offer"));
        } finally {
            pasta.close();
            Files.deleteIfExists(socket);
        }
    }

    /** libvirt stops passt with SIGTERM: exit status 0. */
    @Test
    void sigtermExitsZero() throws Exception {
        Path socket = socket("term");
        try (Proc.Running fg = topology.startAsUser(passt("-f", "--socket", socket.toString()))) {
            Poll.until(() -> pasta.daemon().isPresent(), TIMEOUT);
            long pid = pasta.daemonPid().orElseThrow();
            Proc.run(QUICK, null, topology.work(), List.of("kill", "-TERM", Long.toString(pid))).assertSuccess();
            Proc.Result result = fg.await(QUICK);
            assertEquals(0, result.exitCode(), result::toString);
        }
    }
}

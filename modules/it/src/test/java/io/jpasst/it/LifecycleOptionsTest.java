package io.jpasst.it;

import static io.jpasst.it.Topology.HOST_IF;
import static io.jpasst.it.Topology.HOST_V4;
import static io.jpasst.it.Topology.PREFIX_V4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The options and situations around pasta's life cycle that callers and users meet: the
 * log file, quiet start-up, SIGTERM, the interface name, ip-netns(8) names, and being
 * started as root in the initial user namespace.
 */
class LifecycleOptionsTest extends PastaTestBase {
    private static final Duration READY_WITHIN = Duration.ofSeconds(15);

    /** The command line of pasta attaching to holder by PID, as the test user, in the background. */
    private Proc.Result attach(NamespaceHolder holder, String... options) {
        List<String> args = new ArrayList<>(List.of(options));
        args.add(Long.toString(holder.pid()));
        return topology.runAsUser(READY_WITHIN, null, pasta.command(args.toArray(String[]::new)));
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void logFileIsTruncatedAndStartsWithToolAndPid() throws IOException {
        Path log = topology.work().resolve("truncated.log");
        Files.writeString(log, "left over from an earlier run\n".repeat(100));
        log.toFile().setWritable(true, false);
        try (NamespaceHolder holder = new NamespaceHolder(topology, "-rn")) {
            attach(holder, "--config-net", "-q", "-l", log.toString()).assertSuccess();
            long pid = pasta.daemonPid().orElseThrow();
            List<String> lines = readLines(log);
            assertTrue(!lines.isEmpty() && lines.get(0).matches("pasta .*\\(" + pid + "\\)"),
                    () -> "first line of the log file: " + lines);
            assertTrue(lines.stream().noneMatch(l -> l.contains("left over")), () -> "not truncated: " + lines);
        }
    }

    @Test
    void quietDaemonPrintsNothingAndPidFileNamesTheServingProcess() {
        try (NamespaceHolder holder = new NamespaceHolder(topology, "-rn")) {
            Proc.Result r = attach(holder, "--config-net", "--quiet").assertSuccess();
            assertEquals("", r.stdout() + r.stderr(), r::toString);
            ProcessHandle daemon = pasta.daemon().orElseThrow(() -> new AssertionError("no daemon: " + r));
            // the process named in the PID file serves the tap: it holds /dev/net/tun open
            assertTrue(holdsTun(daemon), () -> "PID " + daemon.pid() + " holds no tap device");
        }
    }

    private static boolean holdsTun(ProcessHandle p) {
        try (var fds = Files.list(Path.of("/proc", Long.toString(p.pid()), "fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals("/dev/net/tun");
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void sigtermEndsAForegroundPastaWithStatusZero() throws Exception {
        try (NamespaceHolder holder = new NamespaceHolder(topology, "-rn");
             Proc.Running run = topology.startAsUser(pasta.command("-f", "--config-net", "-q",
                     Long.toString(holder.pid())))) {
            Poll.until(() -> pasta.daemon().isPresent(), READY_WITHIN);
            ProcessHandle served = pasta.daemon().orElseThrow(() -> new AssertionError("pasta -f never wrote its PID"));
            Proc.run(TIMEOUT, null, topology.work(), List.of("kill", "-TERM", Long.toString(served.pid())))
                    .assertSuccess();
            Proc.Result r = run.await(Duration.ofSeconds(10));
            assertEquals(0, r.exitCode(), r::toString);
        }
    }

    @Test
    void nsIfnameNamesTheTapDevice() {
        Proc.Result r = inPasta(null, List.of("--config-net", "-I", "jpeth7"), "ip -j addr show dev jpeth7")
                .assertSuccess();
        assertEquals(List.of(HOST_V4 + "/" + PREFIX_V4), Jq.lines(r.stdout(),
                ".[].addr_info[] | select(.family == \"inet\") | \"\\(.local)/\\(.prefixlen)\""), r::toString);
    }

    /** {@code --netns NAME} is ip-netns(8)'s name: the file /run/netns/NAME. */
    @Test
    void netnsNameResolvesUnderRunNetns() {
        String name = "jpit-named-" + ProcessHandle.current().pid();
        Path file = Path.of("/run/netns", name);
        try (NamespaceHolder holder = new NamespaceHolder(topology, "-rn")) {
            root("sh", "-c", "mkdir -p /run/netns && touch " + file + " && mount --bind /proc/" + holder.pid()
                    + "/ns/net " + file);
            try {
                Proc.Result r = topology.runAsUser(READY_WITHIN, null, pasta.command("--config-net", "-q",
                        "--userns", "/proc/" + holder.pid() + "/ns/user", "--netns", name)).assertSuccess();
                Proc.Result addr = root("nsenter", "--net=" + file, "ip", "-j", "addr", "show", "dev", HOST_IF);
                assertEquals(List.of(HOST_V4 + "/" + PREFIX_V4), Jq.lines(addr.stdout(),
                        ".[].addr_info[] | select(.family == \"inet\") | \"\\(.local)/\\(.prefixlen)\""),
                        () -> r + "\n" + addr);
            } finally {
                pasta.close();
                Proc.run(TIMEOUT, null, topology.work(), List.of("sh", "-c", "umount -l " + file + "; rm -f " + file));
            }
        }
    }

    /**
     * Like the C tool, pasta started as root in the initial user namespace runs as nobody (or
     * --runas) instead, and still gives its command a configured namespace.
     */
    @Test
    void rootInTheInitialUserNamespaceStillWorks() {
        Proc.Result r = root("ip", "netns", "exec", topology.hostNamespace(), PastaUnderTest.binary().toString(),
                "--config-net", "--", "sh", "-c", "cat /proc/self/uid_map; ip -j addr show dev " + HOST_IF);
        List<String> out = r.stdout().lines().toList();
        assertTrue(!out.isEmpty() && !out.get(0).trim().startsWith("0 0 "),
                () -> "the command runs in the initial user namespace as root: " + r);
        assertTrue(r.stdout().contains("\"" + HOST_V4 + "\""), r::toString);
    }

    /** A fatal start-up error is the one line on stderr, and is in the log file too. */
    @Test
    void fatalErrorIsLoggedToTheLogFile() throws IOException {
        Path log = topology.work().resolve("fatal.log");
        Proc.Result r = topology.runAsUser(READY_WITHIN, null, pasta.command("--config-net", "-l", log.toString(),
                "--netns", topology.work().resolve("no-such-netns").toString()));
        assertEquals(1, r.exitCode(), r::toString);
        List<String> err = r.stderr().lines().filter(l -> l.contains("no-such-netns")).toList();
        assertEquals(1, err.size(), r::toString);
        List<String> lines = readLines(log);
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(err.get(0))), () -> "log file: " + lines + "\n" + r);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(log)), "a new log file is readable by its owner only");
    }

    /** The Done-when of issue 4 says garbage is dropped *and counted*: -d logs the counters at exit. */
    @Test
    void malformedFramesAreCountedAsDrops() throws IOException {
        int frames = 2_000;
        Path log = topology.work().resolve("drops.log");
        Path sender;
        try (var in = LifecycleOptionsTest.class.getResourceAsStream("send-malformed-frames.py")) {
            sender = topology.writeExecutable("send-some-malformed-frames.py",
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        Proc.Result r = inPasta(null, List.of("-d", "-l", log.toString()), "ip link set " + HOST_IF
                + " up && python3 " + sender + " " + HOST_IF + " " + frames).assertSuccess();
        List<String> summary = readLines(log).stream().filter(l -> l.contains("drops: ")).toList();
        assertEquals(1, summary.size(), () -> "one drop summary in the log: " + readLines(log) + "\n" + r);
        long dropped = java.util.regex.Pattern.compile("=(\\d+)").matcher(summary.get(0)).results()
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
        assertTrue(dropped >= frames / 2, () -> "only " + dropped + " of " + frames + " counted: " + summary);
    }

    private static Proc.Result root(String... argv) {
        return Proc.run(TIMEOUT, null, topology.work(), List.of(argv)).assertSuccess();
    }
}

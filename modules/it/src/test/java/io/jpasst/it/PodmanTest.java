package io.jpasst.it;

import static io.jpasst.it.Topology.HOST_V4;
import static io.jpasst.it.Topology.REMOTE_V4;
import static io.jpasst.it.Topology.RESOLVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our pasta as real rootless podman's network helper (issue #8): podman 5 runs, as the
 * unprivileged {@code tester} of a Debian 13 root (see {@link PodmanRoot}), with
 * {@code CONTAINERS_HELPER_BINARY_DIR} naming this checkout's bin/, inside the topology's
 * host netns, and its containers reach the "internet", publish ports, resolve names through
 * 169.254.1.1 and reach the host as host.containers.internal. Containers are removed
 * without leaving pasta processes or netns files behind.
 */
class PodmanTest {
    private static final String IMAGE = "localhost/jpasst-busybox";
    private static final String PAGE = "served by httpd in a podman container\n";
    private static final String HOST_FILE = "a file on the host, reached as host.containers.internal\n";
    private static final String ANSWER = "192.0.2.99";
    private static final int INTERNET_PORT = 8000;
    private static final int HOST_PORT = 8001;
    private static final Duration QUIT_WITHIN = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int TIMING_RUNS = 5;

    /**
     * Answers A queries with argv[2] and anything else (busybox nslookup also asks for AAAA)
     * with an empty answer, echoing the query's id and question.
     */
    private static final String RESOLVER_PY = """
            import socket, sys
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind((sys.argv[1], 53))
            a_record = b'\\xc0\\x0c\\x00\\x01\\x00\\x01\\x00\\x00\\x00\\x3c\\x00\\x04' + socket.inet_aton(sys.argv[2])
            while True:
                q, peer = s.recvfrom(512)
                is_a = q[-4:-2] == b'\\x00\\x01'
                header = q[:2] + b'\\x81\\x80' + q[4:6] + (b'\\x00\\x01' if is_a else b'\\x00\\x00') + b'\\x00\\x00\\x00\\x00'
                s.sendto(header + q[12:] + (a_record if is_a else b''), peer)
            """;

    private static Topology topology;
    private static PodmanRoot podman;
    private static final List<Proc.Running> servers = new ArrayList<>();
    private static String fileSha256;

    @BeforeAll
    static void setUp() throws IOException {
        PodmanRoot.require();
        // podman runs this checkout's bin/pasta; the C one is timed next to it below
        JpasstOnly.assume();
        topology = Topology.create();
        root(List.of("ip", "-n", topology.internetNamespace(), "addr", "add", RESOLVER + "/32", "dev", "lo"));

        byte[] file = new byte[3 * 1024 * 1024 + 17];
        new Random(8).nextBytes(file);
        Path internetDir = Files.createDirectories(topology.work().resolve("internet"));
        Files.write(internetDir.resolve("file"), file);
        fileSha256 = sha256(file);
        Path hostDir = Files.createDirectories(topology.work().resolve("host"));
        Files.writeString(hostDir.resolve("file"), HOST_FILE);
        Path resolver = topology.writeExecutable("resolver.py", RESOLVER_PY);

        servers.add(Proc.start(null, topology.work(), topology.inInternet(List.of("python3", "-m", "http.server",
                "--bind", REMOTE_V4, "--directory", internetDir.toString(), Integer.toString(INTERNET_PORT)))));
        servers.add(Proc.start(null, topology.work(), inHost(List.of("python3", "-m", "http.server",
                "--bind", HOST_V4, "--directory", hostDir.toString(), Integer.toString(HOST_PORT)))));
        servers.add(Proc.start(null, topology.work(), topology.inInternet(List.of("python3", resolver.toString(),
                RESOLVER, ANSWER))));
        podman = new PodmanRoot(topology);
        podman.importBusyboxImage(IMAGE, PAGE);
        awaitListening(topology.inInternet(List.of("ss", "-Htln", "sport = :" + INTERNET_PORT)));
        awaitListening(inHost(List.of("ss", "-Htln", "sport = :" + HOST_PORT)));
        awaitListening(topology.inInternet(List.of("ss", "-Huln", "sport = :53")));
    }

    @AfterAll
    static void tearDown() {
        if (podman != null) {
            podman.close();
        }
        servers.forEach(Proc.Running::close);
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    void podmanInfoReportsOurPastaVersion() {
        String info = podman.run(podman.ourHelperDir(), "info", "--format", "{{.Host.Pasta.Version}}")
                .assertSuccess().stdout();
        assertTrue(info.startsWith("pasta (jpasst)"), info);
    }

    @Test
    void downloadFromTheInternetIsByteExact() {
        Proc.Result r = runContainer("sh", "-c", "wget -q -O- http://" + REMOTE_V4 + ":" + INTERNET_PORT
                + "/file | sha256sum");
        assertEquals(fileSha256, r.stdout().strip().split("\\s+")[0], r::toString);
    }

    @Test
    void publishedPortServesOnLoopbackAndOnTheHostAddress() {
        String id = podman.run(podman.ourHelperDir(), "run", "-d", "--cgroups=disabled", "--net=pasta",
                "-p", "8080:80", IMAGE, "httpd", "-f", "-p", "80").assertSuccess().stdout().strip();
        try {
            // loopback in the host netns: pasta's splice path
            assertEquals(PAGE, fetch(inHost(List.of("busybox", "wget", "-q", "-O-", "http://127.0.0.1:8080/"))));
            assertEquals(PAGE, fetch(inHost(List.of("busybox", "wget", "-q", "-O-", "http://[::1]:8080/"))));
            // from outside, to the host's addresses: the tap path
            assertEquals(PAGE, fetch(topology.inInternet(List.of("busybox", "wget", "-q", "-O-",
                    "http://" + HOST_V4 + ":8080/"))));
            assertEquals(PAGE, fetch(topology.inInternet(List.of("busybox", "wget", "-q", "-O-",
                    "http://[" + Topology.HOST_V6 + "]:8080/"))));
        } finally {
            podman.run(podman.ourHelperDir(), "rm", "-f", "-t", "0", id).assertSuccess();
        }
    }

    @Test
    void nslookupThroughTheForwardedAddressIsAnsweredByTheHostResolver() {
        Proc.Result r = runContainer("nslookup", "www.example.test", "169.254.1.1");
        assertTrue(r.stdout().contains("Address: " + ANSWER), r::toString);
    }

    @Test
    void hostContainersInternalReachesTheHost() {
        for (String host : List.of("host.containers.internal", "169.254.1.2")) {
            Proc.Result r = runContainer("wget", "-q", "-O-", "http://" + host + ":" + HOST_PORT + "/file");
            assertEquals(HOST_FILE, r.stdout(), r::toString);
        }
    }

    @Test
    void removedContainerLeavesNoPastaWithinFiveSeconds() {
        assertEquals(List.of(), describe(podman.ourPastas()), "pasta processes before the test");
        String id = podman.run(podman.ourHelperDir(), "run", "-d", "--cgroups=disabled", "--net=pasta", IMAGE,
                "sleep", "600").assertSuccess().stdout().strip();
        // the check below must be able to see our pasta: it does while the container runs
        assertFalse(podman.ourPastas().isEmpty(), "our pasta not found while its container runs");
        podman.run(podman.ourHelperDir(), "rm", "-f", "-t", "0", id).assertSuccess();
        assertNoPastaWithin(QUIT_WITHIN);
    }

    /**
     * A rootless bridge network: podman starts one shared pasta with {@code --pid FILE} for
     * its network namespace, and stops it by that PID when the last container goes.
     */
    @Test
    void bridgeNetworkRunsOneSharedPastaStoppedWithTheLastContainer() {
        podman.run(podman.ourHelperDir(), "network", "create", "jpasst-bridge").assertSuccess();
        try {
            String id = podman.run(podman.ourHelperDir(), "run", "-d", "--cgroups=disabled", "--net=jpasst-bridge",
                    IMAGE, "sleep", "600").assertSuccess().stdout().strip();
            List<String> pastas = podman.ourPastas().stream().map(HostProcesses::cmdline).toList();
            assertEquals(1, pastas.stream().filter(c -> c.contains(" --pid ")).count(), pastas::toString);
            Proc.Result r = podman.run(podman.ourHelperDir(), "exec", id, "sh", "-c", "wget -q -O- http://"
                    + REMOTE_V4 + ":" + INTERNET_PORT + "/file | sha256sum").assertSuccess();
            assertEquals(fileSha256, r.stdout().strip().split("\\s+")[0], r::toString);
            podman.run(podman.ourHelperDir(), "rm", "-f", "-t", "0", id).assertSuccess();
            assertNoPastaWithin(QUIT_WITHIN);
        } finally {
            podman.run(podman.ourHelperDir(), "network", "rm", "-f", "jpasst-bridge");
        }
    }

    @Test
    void twentyContainersInARowLeaveNothingBehind() {
        String script = "for i in $(seq 20); do id=$(" + PodmanRoot.podmanCommand()
                + " run -d --cgroups=disabled --net=pasta " + IMAGE + " sleep 600) && "
                + PodmanRoot.podmanCommand() + " rm -f -t 0 $id >/dev/null || exit 1; done";
        Proc.run(Duration.ofMinutes(3), null, topology.work(),
                podman.asTester(podman.ourHelperDir(), List.of("sh", "-c", script))).assertSuccess();
        assertNoPastaWithin(QUIT_WITHIN);
        assertEquals("", podman.run(podman.ourHelperDir(), "ps", "-a", "-q").assertSuccess().stdout().strip());
        try (Stream<Path> left = Files.list(podman.outside("/tmp/xdg-tester/netns"))) {
            assertEquals(List.of(), left.toList(), "netns files left behind");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // what may stay: podman's own pause process, kept for the class
        Optional<ProcessHandle> pause = podman.pause();
        List<String> left = podman.inHostNamespace(PodmanRoot.UID).filter(p -> !pause.equals(Optional.of(p)))
                .map(HostProcesses::cmdline).toList();
        assertEquals(List.of(), left, "tester's processes left in the host netns");
    }

    /**
     * {@code podman run --rm --net=pasta IMG true}, alternating our pasta and the root's C
     * pasta, timed inside the root (no test harness overhead): medians printed and written to
     * target/podman-timing.txt, for BENCHMARKS.md.
     */
    @Test
    void startUpTimeAgainstTheCPasta() throws IOException {
        String run = PodmanRoot.podmanCommand() + " run --rm --cgroups=disabled --net=pasta " + IMAGE + " true";
        String script = "for i in $(seq " + TIMING_RUNS + "); do for dir in " + podman.ourHelperDir() + " "
                + PodmanRoot.cHelperDir() + "; do s=$(date +%s%N); CONTAINERS_HELPER_BINARY_DIR=$dir " + run
                + " || exit 1; echo $dir $(( ($(date +%s%N) - s) / 1000000 )); done; done";
        Proc.Result r = Proc.run(Duration.ofMinutes(3), null, topology.work(),
                podman.asTester(podman.ourHelperDir(), List.of("sh", "-c", script))).assertSuccess();
        long ours = median(r.stdout(), podman.ourHelperDir());
        long c = median(r.stdout(), PodmanRoot.cHelperDir());
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        String report = "podman run --rm --net=pasta IMG true, median of " + TIMING_RUNS + " (" + Instant.now()
                + ", load " + load + "):\n  jpasst pasta: " + ours + " ms\n  C pasta (Debian 13, "
                + podman.run(PodmanRoot.cHelperDir(), "info", "--format", "{{.Host.Pasta.Package}}").stdout().strip()
                + "): " + c + " ms\n";
        System.out.print(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "podman-timing.txt"), report + "raw:\n" + r.stdout());
        assertTrue(ours > 0 && c > 0, r::toString);
    }

    private static long median(String lines, Path helperDir) {
        long[] ms = lines.lines().filter(l -> l.startsWith(helperDir + " "))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(' ') + 1).strip())).sorted().toArray();
        assertEquals(TIMING_RUNS, ms.length, lines);
        return ms[ms.length / 2];
    }

    private static Proc.Result runContainer(String... command) {
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--cgroups=disabled", "--net=pasta", IMAGE));
        args.addAll(List.of(command));
        return podman.run(podman.ourHelperDir(), args.toArray(String[]::new)).assertSuccess();
    }

    private static void assertNoPastaWithin(Duration limit) {
        Poll.until(() -> podman.ourPastas().isEmpty(), limit);
        assertEquals(List.of(), describe(podman.ourPastas()),
                "pasta processes left " + limit.toSeconds() + " s after the container went");
    }

    /** PID and the end of the command line (where podman's options are) of each process. */
    private static List<String> describe(List<ProcessHandle> processes) {
        return processes.stream().map(p -> {
            String cmdline = HostProcesses.cmdline(p);
            return p.pid() + ": ..." + cmdline.substring(Math.max(0, cmdline.length() - 120));
        }).toList();
    }

    /** The first successful output of argv within 10 s: a just started server may not listen yet. */
    private static String fetch(List<String> argv) {
        Proc.Result r = null;
        for (int i = 0; i < 50; i++) {
            r = Proc.run(TIMEOUT, null, topology.work(), argv);
            if (r.exitCode() == 0) {
                return r.stdout();
            }
            NamespaceHolder.sleepBriefly();
            NamespaceHolder.sleepBriefly();
        }
        throw new AssertionError("never answered: " + r);
    }

    private static void awaitListening(List<String> ss) {
        for (int i = 0; i < 200; i++) {
            if (!Proc.run(TIMEOUT, null, topology.work(), ss).assertSuccess().stdout().isBlank()) {
                return;
            }
            NamespaceHolder.sleepBriefly();
        }
        throw new AssertionError("server never listened: " + String.join(" ", ss));
    }

    /** As root in the host netns, without `ip netns exec` (its /sys remount is not needed). */
    private static List<String> inHost(List<String> argv) {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + topology.hostNamespace()));
        full.addAll(argv);
        return full;
    }

    private static void root(List<String> argv) {
        Proc.run(TIMEOUT, null, topology.work(), argv).assertSuccess();
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

package io.jpasst.it;

import static io.jpasst.it.Topology.HOST_V4;
import static io.jpasst.it.Topology.HOST_V6;
import static io.jpasst.it.Topology.REMOTE_V4;
import static io.jpasst.it.Topology.REMOTE_V6;
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
 * UDP through pasta with real sockets on both ends: datagrams of every size out of the
 * namespace and in through {@code -u}, the loopback bypass of {@code -u} and {@code -U} with
 * 10,000 datagrams in order, flow expiry, and {@code -u auto} / {@code -U auto} following servers
 * bound after pasta started.
 */
class UdpTest extends PastaTestBase {
    /** Echoes every datagram to its sender until killed. */
    static final String ECHO = """
            import socket, sys
            fam = socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET
            s = socket.socket(fam, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
            s.bind((sys.argv[1], int(sys.argv[2])))
            while True:
                d, a = s.recvfrom(65535)
                s.sendto(d, a)
            """;

    /**
     * Client prologue: a socket connected to argv[1]:argv[2] that has seen its probe echoed.
     * The probe is repeated until the path is up (the server may still be starting); late
     * echoes of it are skipped by the callers.
     */
    static final String PROBED_SOCKET = """
            import os, socket, sys, time
            fam = socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET
            s = socket.socket(fam, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
            s.connect((sys.argv[1], int(sys.argv[2])))
            s.settimeout(0.5)
            deadline = time.time() + 20
            while True:
                s.send(b'probe')
                try:
                    if s.recv(65535) == b'probe':
                        break
                except (socket.timeout, ConnectionRefusedError):
                    if time.time() > deadline:
                        sys.exit('no echo of the probe')
            s.settimeout(5)
            """;

    /**
     * Sends 101 datagrams (99 sizes spread over 1..1400, then 8000 and 65000 bytes), one at a
     * time, and requires each echo back intact before the next.
     */
    static final String SIZES_CLIENT = PROBED_SOCKET + """
            sizes = [1 + i * 1399 // 98 for i in range(99)] + [8000, 65000]
            for n, size in enumerate(sizes):
                msg = os.urandom(size)
                s.send(msg)
                r = s.recv(65535)
                while r == b'probe':
                    r = s.recv(65535)
                if r != msg:
                    sys.exit('datagram %d of %d bytes came back as %d bytes' % (n, size, len(r)))
            print('OK', len(sizes))
            """;

    /**
     * Keeps up to 32 sequence-numbered datagrams in flight until 10,000 came back: every echo
     * must be the next number (nothing lost, nothing reordered), within 5 s each.
     */
    static final String WINDOW_CLIENT = PROBED_SOCKET + """
            N, W, sent, got = 10000, 32, 0, 0
            while got < N:
                while sent < N and sent - got < W:
                    s.send(sent.to_bytes(4, 'big') + bytes(100))
                    sent += 1
                d = s.recv(2048)
                if d == b'probe':
                    continue
                v = int.from_bytes(d[:4], 'big')
                if v != got:
                    sys.exit('expected %d, got %d' % (got, v))
                got += 1
            print('OK', got)
            """;

    private static final int PORT = 7007;

    private Path script(String name, String text) {
        return topology.writeExecutable(name, text);
    }

    private Proc.Running startInInternet(List<String> argv) {
        return Proc.start(null, topology.work(), topology.inInternet(argv));
    }

    /** Waits until something listens on UDP port in the given namespace (as root). */
    private void awaitUdpListener(String netns, int port) {
        for (int i = 0; i < 100; i++) {
            Proc.Result r = Proc.run(TIMEOUT, null, topology.work(),
                    List.of("ip", "netns", "exec", netns, "ss", "-Huln", "sport = :" + port));
            if (!r.stdout().isBlank()) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("nothing listens on UDP port " + port + " in " + netns);
    }

    /**
     * Starts the echo server on the host, as the unprivileged user, bound to {@code address:port};
     * returns once it listens.
     */
    private Proc.Running hostEcho(String address, int port) {
        Path echo = script("echo.py", ECHO);
        Proc.Running srv = topology.startAsUser(List.of("python3", echo.toString(), address, "" + port));
        try {
            awaitUdpListener(topology.hostNamespace(), port);
        } catch (RuntimeException | Error e) {
            srv.close();
            throw e;
        }
        return srv;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void outboundSizes(String server) {
        Path echo = script("echo.py", ECHO);
        Path client = script("sizes.py", SIZES_CLIENT);
        try (Proc.Running srv = startInInternet(List.of("python3", echo.toString(), server, "" + PORT))) {
            awaitUdpListener(topology.internetNamespace(), PORT);
            Proc.Result r = inConfiguredNamespace("python3 " + client + " " + server + " " + PORT);
            assertTrue(r.stdout().contains("OK 101"), r::toString);
        }
    }

    @Test
    @AlsoOverPasst
    void datagramsOfEverySizeEchoedFromRemoteIpv4() {
        outboundSizes(REMOTE_V4);
    }

    @Test
    @AlsoOverPasst
    void datagramsOfEverySizeEchoedFromRemoteIpv6() {
        outboundSizes(REMOTE_V6);
    }

    /**
     * Starts {@code pasta OPTIONS -- sh -c 'SERVER & wait for the done file'}: the namespace
     * side serves until the test touches the file.
     */
    private Proc.Running pastaServing(List<String> env, List<String> options, String nsScript, Path done) {
        List<String> argv = new ArrayList<>();
        if (!env.isEmpty()) {
            argv.add("env");
            argv.addAll(env);
        }
        List<String> args = new ArrayList<>(options);
        args.addAll(List.of("--", "sh", "-c", nsScript + " pid=$!; i=0; until [ -e " + done
                + " ] || [ $i -ge 600 ]; do i=$((i+1)); sleep 0.1; done; kill $pid 2>/dev/null; true"));
        argv.addAll(pasta.command(args.toArray(String[]::new)));
        return topology.startAsUser(argv);
    }

    private static void touch(Path file) {
        try {
            Files.writeString(file, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void inboundSizes(String server, String target) {
        Path echo = script("echo.py", ECHO);
        Path client = script("sizes.py", SIZES_CLIENT);
        Path done = topology.work().resolve("done-inbound-" + (server.contains(":") ? "6" : "4"));
        int port = 7100;
        try (Proc.Running p = pastaServing(List.of(), List.of("--config-net", "-u", "" + port),
                "python3 " + echo + " " + server + " " + port + " & ", done)) {
            Proc.Result r = Proc.run(TIMEOUT, null, topology.work(),
                    topology.inInternet(List.of("python3", client.toString(), target, "" + port)));
            touch(done);
            Proc.Result pr = p.await(TIMEOUT);
            assertTrue(r.stdout().contains("OK 101"), () -> r + "\npasta: " + pr);
        }
    }

    @Test
    void datagramsOfEverySizeInThroughDashUIpv4() {
        inboundSizes("0.0.0.0", HOST_V4);
    }

    @Test
    void datagramsOfEverySizeInThroughDashUIpv6() {
        inboundSizes("::", HOST_V6);
    }

    @Test
    void loopbackBypassFromHostKeepsTenThousandDatagramsInOrder() {
        Path echo = script("echo.py", ECHO);
        Path client = script("window.py", WINDOW_CLIENT);
        Path done = topology.work().resolve("done-bypass-u");
        int port = 7200;
        try (Proc.Running p = pastaServing(List.of(), List.of("--config-net", "-u", "" + port),
                "python3 " + echo + " 0.0.0.0 " + port + " & ", done)) {
            Proc.Result r = topology.runAsUser(TIMEOUT, null,
                    List.of("python3", client.toString(), "127.0.0.1", "" + port));
            touch(done);
            assertTrue(r.stdout().contains("OK 10000"), r::toString);
            p.await(TIMEOUT);
        }
    }

    @Test
    void loopbackBypassToHostKeepsTenThousandDatagramsInOrder() {
        Path client = script("window.py", WINDOW_CLIENT);
        int port = 7300;
        try (Proc.Running srv = hostEcho("::1", port)) {
            Proc.Result r = inPasta(null, List.of("--config-net", "-U", "" + port),
                    "python3 " + client + " ::1 " + port);
            assertTrue(r.stdout().contains("OK 10000"), r::toString);
        }
    }

    /** Guest to gateway:port reaches the host's loopback (the default --map-host-loopback). */
    @Test
    @AlsoOverPasst
    void gatewayAddressReachesHostLoopback() {
        Path client = script("sizes.py", SIZES_CLIENT);
        int port = 7400;
        try (Proc.Running srv = hostEcho("127.0.0.1", port)) {
            Proc.Result r = inConfiguredNamespace("python3 " + client + " " + Topology.GATEWAY_V4 + " " + port);
            assertTrue(r.stdout().contains("OK 101"), r::toString);
        }
    }

    /** Connected UDP sockets of pasta's towards the echo server, as seen in the host netns. */
    private int flowSockets() {
        Proc.Result r = Proc.run(TIMEOUT, null, topology.work(), List.of("ip", "netns", "exec",
                topology.hostNamespace(), "ss", "-Huan", "dst", REMOTE_V4 + ":" + PORT));
        return (int) r.stdout().lines().filter(l -> !l.isBlank()).count();
    }

    /** Sends one datagram to the echo server from the namespace each time a go file appears. */
    static final String STEP_CLIENT = """
            import os, socket, sys, time
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(('0.0.0.0', 40000))
            s.settimeout(3)
            for step in ('1', '2'):
                while not os.path.exists(sys.argv[3] + '.go' + step):
                    time.sleep(0.05)
                s.sendto(b'ping' + step.encode(), (sys.argv[1], int(sys.argv[2])))
                print(s.recv(100).decode(), flush=True)
                open(sys.argv[3] + '.ok' + step, 'w').close()
            """;

    private void awaitFile(Path file) {
        awaitFile(file, 10);
    }

    private void awaitFile(Path file, int seconds) {
        assertTrue(ForwardBaseTest.awaitFile(file, seconds), () -> "never appeared: " + file);
    }

    /**
     * Polls, in one shell inside {@code netns}, until a UDP socket on {@code port} is there
     * ({@code present}) or gone; returns the milliseconds from {@code since}'s modification
     * time to then, or -1 after 10 s. One shell, not a process per pass from here: on a loaded
     * machine that alone takes a few hundred milliseconds, and the file's time is exact however
     * late the shell starts.
     */
    private long msFromFileToUdpPort(Path since, String netns, int port, boolean present) {
        String script = "t0=$(date -r " + since + " +%s%N); want=" + (present ? 1 : 0) + "; "
                + "while :; do "
                + "if [ -n \"$(ss -Huln 'sport = :" + port + "')\" ]; then up=1; else up=0; fi; "
                + "ms=$(( ($(date +%s%N) - t0) / 1000000 )); "
                + "if [ $up = $want ]; then echo $ms; exit 0; fi; "
                + "if [ $ms -ge 10000 ]; then echo -1; exit 0; fi; "
                + "sleep 0.02; done";
        Proc.Result r = Proc.run(TIMEOUT, null, topology.work(), List.of("ip", "netns", "exec", netns, "sh", "-c", script));
        return Long.parseLong(r.assertSuccess().stdout().trim());
    }

    @Test
    void idleFlowIsClosedAndRecreatedByTheNextDatagram() {
        Path echo = script("echo.py", ECHO);
        Path client = script("step.py", STEP_CLIENT);
        Path base = topology.work().resolve("idle");
        try (Proc.Running srv = startInInternet(List.of("python3", echo.toString(), REMOTE_V4, "" + PORT));
             Proc.Running p = pastaServing(List.of("JDK_JAVA_OPTIONS=-Djpasst.udp.timeoutMs=1000"
                             + " -Djpasst.udp.timeoutBothMs=1000"), List.of("--config-net"),
                     "python3 " + client + " " + REMOTE_V4 + " " + PORT + " " + base + " & ",
                     Path.of(base + ".ok2"))) {
            awaitUdpListener(topology.internetNamespace(), PORT);
            touch(Path.of(base + ".go1"));
            awaitFile(Path.of(base + ".ok1"));
            assertEquals(1, flowSockets(), "a flow socket after the first datagram");
            int left = 1;
            for (int i = 0; i < 60 && left > 0; i++) {
                sleep(100);
                left = flowSockets();
            }
            assertEquals(0, left, "the flow socket is closed after 1 s idle");
            touch(Path.of(base + ".go2"));
            awaitFile(Path.of(base + ".ok2"));
            Proc.Result r = p.await(TIMEOUT);
            assertTrue(r.stdout().contains("ping1") && r.stdout().contains("ping2"), r::toString);
        }
    }

    /** {@link #ECHO} that also creates the file argv[3] once it is bound. */
    static final String ECHO_ANNOUNCED = """
            import socket, sys
            fam = socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET
            s = socket.socket(fam, socket.SOCK_DGRAM)
            s.bind((sys.argv[1], int(sys.argv[2])))
            open(sys.argv[3], 'w').close()
            while True:
                d, a = s.recvfrom(65535)
                s.sendto(d, a)
            """;

    /**
     * How long after a server binds its port auto forwarding may take: one 1 s scan period, plus
     * slack for a loaded two-core CI machine (pasta's timer, process starts).
     */
    private static final long AUTO_LATENCY_MS = 5000;

    /**
     * {@code -u auto}: a server bound in the namespace after pasta started (and after its first
     * scan) gets a host socket on the same port within a scan period, and is reachable through
     * it from the "internet"; once the server is gone, so is the host socket.
     */
    @Test
    void dashUAutoForwardsAPortBoundLaterInTheNamespace() {
        Path echo = script("echo-announced.py", ECHO_ANNOUNCED);
        Path client = script("sizes.py", SIZES_CLIENT);
        Path bound = topology.work().resolve("auto-u-bound");
        Path stop = topology.work().resolve("auto-u-stop");
        Path done = topology.work().resolve("done-auto-u");
        int port = 7500;
        String server = "(sleep 2; exec python3 " + echo + " 0.0.0.0 " + port + " " + bound + ") & s=$!; "
                + "until [ -e " + stop + " ]; do sleep 0.05; done; kill $s; sleep 60";
        try (Proc.Running p = pastaServing(List.of(), List.of("--config-net", "-u", "auto"),
                "(" + server + ") & ", done)) {
            awaitFile(bound);
            long bindMs = msFromFileToUdpPort(bound, topology.hostNamespace(), port, true);
            Proc.Result r = Proc.run(TIMEOUT, null, topology.work(),
                    topology.inInternet(List.of("python3", client.toString(), HOST_V4, "" + port)));
            touch(stop);
            long releaseMs = msFromFileToUdpPort(stop, topology.hostNamespace(), port, false);
            touch(done);
            Proc.Result pr = p.await(TIMEOUT);
            assertTrue(r.stdout().contains("OK 101"), () -> r + "\npasta: " + pr);
            assertTrue(bindMs >= 0 && bindMs < AUTO_LATENCY_MS,
                    "host socket bound " + bindMs + " ms after the namespace's server (-1: not in 10 s)");
            assertTrue(releaseMs >= 0 && releaseMs < AUTO_LATENCY_MS,
                    "host socket still bound " + releaseMs + " ms after the namespace's server went away");
        }
    }

    /**
     * {@code -U auto}: a server bound on the host's loopback after pasta started is reachable
     * from the namespace at 127.0.0.1 on the same port (through the bypass) within a scan period.
     */
    @Test
    void dashUpperUAutoForwardsAPortBoundLaterOnTheHost() {
        Path echo = script("echo-announced.py", ECHO_ANNOUNCED);
        Path client = script("sizes.py", SIZES_CLIENT);
        Path bound = topology.work().resolve("auto-U-bound");
        Path ready = topology.work().resolve("auto-U-ready");
        int port = 7600;
        // pasta starts the command once ready, and readiness follows its first scan.
        List<String> args = new ArrayList<>(List.of("--config-net", "-U", "auto", "--", "sh", "-c",
                ": > " + ready + "; until [ -e " + bound + " ]; do sleep 0.05; done; s=$(date +%s%N); python3 " + client
                        + " 127.0.0.1 " + port + "; e=$(date +%s%N); echo elapsed_ms $(( (e - s) / 1000000 ))"));
        try (Proc.Running p = topology.startAsUser(pasta.command(args.toArray(String[]::new)))) {
            awaitFile(ready, 60); // so the server's port is one bound after the first scan
            try (Proc.Running srv = topology.startAsUser(List.of("python3", echo.toString(), "127.0.0.1", "" + port,
                    bound.toString()))) {
                Proc.Result r = p.await(TIMEOUT);
                assertTrue(r.stdout().contains("OK 101"), r::toString);
                long ms = r.stdout().lines().filter(l -> l.startsWith("elapsed_ms "))
                        .mapToLong(l -> Long.parseLong(l.substring(11).trim())).findFirst().orElseThrow();
                assertTrue(ms < AUTO_LATENCY_MS, "echoed " + ms + " ms after the host's server was bound: " + r);
            }
        }
    }
}

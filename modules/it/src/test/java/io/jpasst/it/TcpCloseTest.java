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
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * Every order in which a TCP connection can end, with real peers on both sides of pasta, both
 * IP versions, on four paths: through the tap with the client in the namespace and the server
 * in the "internet", through the tap the other way ({@code -t}: a client on the host, the
 * server in the namespace), and through the loopback bypass both ways ({@code -T} and
 * {@code -t} over loopback). Orders: either side first, both at once, half-close either way,
 * the last data and the FIN in one segment, a reset from either side mid-stream; through the
 * tap also the guest's FIN arriving twice and our FIN whose acknowledgement is lost. Both
 * peers compare every byte; where both closed cleanly no reset is seen anywhere: not in
 * pasta's capture of the tap, and no kernel sent one (the OutRsts counters of the namespace,
 * the host and the internet stay where they were).
 */
class TcpCloseTest extends ForwardBaseTest {
    static final List<String> CLEAN = List.of("client-first", "server-first", "simultaneous", "half-close-client",
            "half-close-server", "fin-with-data");
    static final List<String> RESETS = List.of("rst-client", "rst-server");

    /** Where the client and the server are, and what carries their connection. */
    enum Route {
        /** Client in the namespace, server in the internet, through the tap. */
        TAP_OUT(false, false),
        /** Client in the namespace, server on the host's loopback ({@code -T}). */
        SPLICE_OUT(true, false),
        /** Client on the host to the host's address, server in the namespace ({@code -t}), through the tap. */
        TAP_IN(false, true),
        /** Client on the host's loopback, server in the namespace ({@code -t}), spliced. */
        SPLICE_IN(true, true);

        final boolean splice;
        final boolean inbound;

        Route(boolean splice, boolean inbound) {
            this.splice = splice;
            this.inbound = inbound;
        }

        /** The address the client connects to. */
        String target(boolean six) {
            if (splice) {
                return six ? "::1" : "127.0.0.1";
            }
            if (inbound) {
                return six ? HOST_V6 : HOST_V4;
            }
            return six ? REMOTE_V6 : REMOTE_V4;
        }
    }

    /** What one run saw: both peers' verdict lines and pasta's capture of the tap. */
    record Outcome(List<String> lines, Path pcap) {}

    private static Path peer() {
        return topology.script("tcp-closes.py");
    }

    private static String snmpHost() {
        return topology.runAsUser(TIMEOUT, null, List.of("cat", "/proc/net/snmp")).stdout();
    }

    private static String snmpInternet() {
        return Proc.run(TIMEOUT, null, topology.work(), topology.inInternet(List.of("cat", "/proc/net/snmp"))).stdout();
    }

    /** Runs the orders through pasta; returns what the peers said and the capture. */
    private Outcome run(Route route, boolean six, int port, List<String> orders, boolean clean) {
        Path pcap = file("closes-" + port + ".pcap");
        String addr = route.target(six);
        long hostRsts = Snmp.outRsts(snmpHost());
        long netRsts = Snmp.outRsts(snmpInternet());
        List<String> lines = new ArrayList<>();
        String client = "python3 " + peer() + " client " + addr + " " + port + " " + String.join(" ", orders);
        String snapshot = "echo \"$a\" > " + file("ns-before-" + port) + "; cat /proc/net/snmp > "
                + file("ns-after-" + port);
        Proc.Result pastaRun;
        if (route.inbound) {
            pastaRun = inbound(port, pcap, client, snapshot, lines);
        } else {
            List<String> serverArgv = List.of("python3", peer().toString(), "server",
                    addr, Integer.toString(port));
            try (Proc.Running server = route.splice ? topology.startAsUser(serverArgv)
                    : Proc.start(null, topology.work(), topology.inInternet(serverArgv))) {
                // Listening before the client starts: a refused first try would put a reset in the capture.
                List<String> ss = List.of("ss", "-ltnH", "sport", "= :" + port);
                assertTrue(Poll.until(() -> !(route.splice ? topology.runAsUser(TIMEOUT, null, ss)
                        : Proc.run(TIMEOUT, null, topology.work(), topology.inInternet(ss))).stdout().isBlank(),
                        Duration.ofSeconds(10)), "server not listening");
                List<String> options = new ArrayList<>(List.of("--config-net", "-p", pcap.toString()));
                if (route.splice) {
                    options.addAll(List.of("-T", Integer.toString(port)));
                }
                pastaRun = inPasta(null, options, "a=$(cat /proc/net/snmp); " + client + "; sleep 0.5; " + snapshot)
                        .assertSuccess();
                server.close();
                lines.addAll(pastaRun.stdout().lines().toList());
                lines.addAll(server.await(TIMEOUT).stdout().lines().toList());
            }
        }
        Proc.Result r = pastaRun;
        Supplier<String> context = () -> route + " " + lines + "\n" + r;
        for (String order : orders) {
            assertTrue(lines.contains("client " + order + " ok"), () -> "client, " + order + ": " + context.get());
            assertTrue(lines.contains("server " + order + " ok"), () -> "server, " + order + ": " + context.get());
        }
        if (clean) {
            long nsDelta = Snmp.outRsts(read(topology.work().resolve("ns-after-" + port)))
                    - Snmp.outRsts(read(topology.work().resolve("ns-before-" + port)));
            long hostDelta = Snmp.outRsts(snmpHost()) - hostRsts;
            long netDelta = Snmp.outRsts(snmpInternet()) - netRsts;
            assertEquals(0, PcapTcp.resets(pcap), () -> "RSTs on the tap: " + context.get());
            assertEquals(List.of(0L, 0L, 0L), List.of(nsDelta, hostDelta, netDelta),
                    () -> "resets sent by the namespace, the host, the internet: " + context.get());
        }
        return new Outcome(lines, pcap);
    }

    /**
     * The server in pasta's namespace behind {@code -t PORT}, the client on the host; the
     * namespace's script ends when the test leaves a file. Adds both peers' lines.
     */
    private Proc.Result inbound(int port, Path pcap, String client, String snapshot, List<String> lines) {
        Path ready = file("ready-" + port);
        Path done = file("done-" + port);
        String script = "a=$(cat /proc/net/snmp); python3 " + peer() + " server :: " + port + " & s=$!; "
                + waitUntil("ss -ltnH | grep -q :" + port, 10) + "touch " + ready + "; "
                + waitUntil("[ -e " + done + " ]", 120) + "sleep 0.5; " + snapshot + "; kill $s";
        try (Proc.Running run = startPasta(List.of("-p", pcap.toString(), "-t", Integer.toString(port)), script)) {
            assertTrue(awaitFile(ready, 30), "namespace server not up");
            Proc.Result c = topology.runAsUser(TIMEOUT, null, List.of("sh", "-c", client)).assertSuccess();
            lines.addAll(c.stdout().lines().toList());
            try {
                Files.writeString(done, "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Proc.Result r = run.await(TIMEOUT);
            lines.addAll(r.stdout().lines().toList());
            return r;
        }
    }

    @Test
    void everyCleanCloseOrderThroughTheTapIpv4() {
        run(Route.TAP_OUT, false, 9301, CLEAN, true);
    }

    @Test
    void everyCleanCloseOrderThroughTheTapIpv6() {
        run(Route.TAP_OUT, true, 9302, CLEAN, true);
    }

    @Test
    void resetsFromEitherSideThroughTheTap() {
        run(Route.TAP_OUT, false, 9303, RESETS, false);
        run(Route.TAP_OUT, true, 9304, RESETS, false);
    }

    @Test
    void everyCleanCloseOrderSplicedIpv4() {
        run(Route.SPLICE_OUT, false, 9305, CLEAN, true);
    }

    @Test
    void everyCleanCloseOrderSplicedIpv6() {
        run(Route.SPLICE_OUT, true, 9306, CLEAN, true);
    }

    @Test
    void resetsFromEitherSideSpliced() {
        run(Route.SPLICE_OUT, false, 9307, RESETS, false);
        run(Route.SPLICE_OUT, true, 9308, RESETS, false);
    }

    @Test
    void everyCloseOrderInboundThroughTheTap() {
        run(Route.TAP_IN, false, 9311, CLEAN, true);
        run(Route.TAP_IN, true, 9312, CLEAN, true);
        run(Route.TAP_IN, false, 9313, RESETS, false);
        run(Route.TAP_IN, true, 9314, RESETS, false);
    }

    @Test
    void everyCloseOrderInboundSpliced() {
        run(Route.SPLICE_IN, false, 9315, CLEAN, true);
        run(Route.SPLICE_IN, true, 9316, CLEAN, true);
        run(Route.SPLICE_IN, false, 9317, RESETS, false);
        run(Route.SPLICE_IN, true, 9318, RESETS, false);
    }

    /**
     * The guest's FIN comes again after we acknowledged it (as if our acknowledgement had been
     * lost): we acknowledge the copy within 200 ms, no reset, and the other way still carries
     * the server's answer.
     */
    @Test
    void repeatedGuestFinIsAcknowledgedAgain() {
        for (boolean six : new boolean[] {false, true}) {
            int port = six ? 9320 : 9319;
            Outcome o = run(Route.TAP_OUT, six, port, List.of("fin-repeat"), true);
            List<PcapTcp.Segment> segs = PcapTcp.segments(o.pcap());
            List<PcapTcp.Segment> fins = segs.stream().filter(s -> s.dstPort() == port && s.has(PcapTcp.FIN)).toList();
            assertEquals(2, fins.size(), () -> "the guest's FIN and its copy: " + segs);
            PcapTcp.Segment copy = fins.get(1);
            long finEnd = (copy.seq() + copy.payload() + 1) & 0xffffffffL;
            PcapTcp.Segment answer = segs.stream().filter(s -> s.srcPort() == port && s.micros() >= copy.micros())
                    .findFirst().orElseThrow(() -> new AssertionError("no answer to the FIN's copy: " + segs));
            assertTrue(answer.has(PcapTcp.ACK) && answer.ack() == finEnd && answer.micros() - copy.micros() < 200_000,
                    () -> "answer " + answer + " to the copy " + copy);
        }
    }

    /**
     * The remote side closes while the namespace loses everything it sends for two seconds,
     * the acknowledgement of our FIN included: we send the FIN again, and the close stays clean.
     */
    @Test
    void finWhoseAcknowledgementIsLostIsRetransmitted() {
        for (boolean six : new boolean[] {false, true}) {
            int port = six ? 9322 : 9321;
            Outcome o = run(Route.TAP_OUT, six, port, List.of("fin-lost-ack"), true);
            List<PcapTcp.Segment> segs = PcapTcp.segments(o.pcap());
            long ours = segs.stream().filter(s -> s.srcPort() == port && s.has(PcapTcp.FIN)).count();
            assertTrue(ours >= 2, () -> "our FIN went " + ours + " times: " + segs);
        }
    }
}

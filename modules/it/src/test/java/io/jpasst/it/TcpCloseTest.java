package io.jpasst.it;

import static io.jpasst.it.Topology.REMOTE_V4;
import static io.jpasst.it.Topology.REMOTE_V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * Every order in which a TCP connection can end, with real peers on both sides of pasta, both
 * IP versions, through the tap (a client in the namespace, a server in the "internet") and
 * through the loopback bypass ({@code -T}: a server on the host's loopback): either side first,
 * both at once, half-close either way, the last data and the FIN in one segment, and a reset
 * from either side mid-stream. Both peers compare every byte; where both closed cleanly no
 * reset is seen anywhere: not in pasta's capture of the tap, and no kernel sent one (the
 * OutRsts counters of the namespace, the host and the internet stay where they were).
 */
class TcpCloseTest extends ForwardBaseTest {
    static final List<String> CLEAN = List.of("client-first", "server-first", "simultaneous", "half-close-client",
            "half-close-server", "fin-with-data");
    static final List<String> RESETS = List.of("rst-client", "rst-server");

    private static Path peer() {
        return topology.script("tcp-closes.py");
    }

    /** Runs the orders through pasta; returns the client's and the server's verdict lines. */
    private List<String> run(boolean splice, String addr, int port, List<String> orders, boolean clean) {
        Path pcap = file("closes-" + port + ".pcap");
        String listenAddr = splice ? (addr.contains(":") ? "::1" : "127.0.0.1") : addr;
        List<String> serverArgv = List.of("python3", peer().toString(), "server", listenAddr, Integer.toString(port));
        long hostRsts = Snmp.outRsts(topology.runAsUser(TIMEOUT, null, List.of("cat", "/proc/net/snmp")).stdout());
        long netRsts = Snmp.outRsts(Proc.run(TIMEOUT, null, topology.work(),
                topology.inInternet(List.of("cat", "/proc/net/snmp"))).stdout());
        try (Proc.Running server = splice ? topology.startAsUser(serverArgv)
                : Proc.start(null, topology.work(), topology.inInternet(serverArgv))) {
            List<String> options = new ArrayList<>(List.of("--config-net", "-p", pcap.toString()));
            if (splice) {
                options.addAll(List.of("-T", Integer.toString(port)));
            }
            String client = "python3 " + peer() + " client " + (splice ? listenAddr : addr) + " " + port + " "
                    + String.join(" ", orders);
            Proc.Result r = inPasta(null, options, "a=$(cat /proc/net/snmp); " + client
                    + "; sleep 0.5; echo \"$a\" > " + file("ns-before-" + port) + "; cat /proc/net/snmp > "
                    + file("ns-after-" + port)).assertSuccess();
            server.close();
            String serverOut = server.await(TIMEOUT).stdout();
            List<String> lines = new ArrayList<>(r.stdout().lines().toList());
            lines.addAll(serverOut.lines().toList());
            Supplier<String> context = () -> lines + "\n" + r;
            for (String order : orders) {
                assertTrue(lines.contains("client " + order + " ok"), () -> "client, " + order + ": " + context.get());
                assertTrue(lines.contains("server " + order + " ok"), () -> "server, " + order + ": " + context.get());
            }
            if (clean) {
                long nsDelta = Snmp.outRsts(read(topology.work().resolve("ns-after-" + port)))
                        - Snmp.outRsts(read(topology.work().resolve("ns-before-" + port)));
                long hostDelta = Snmp.outRsts(topology.runAsUser(TIMEOUT, null,
                        List.of("cat", "/proc/net/snmp")).stdout()) - hostRsts;
                long netDelta = Snmp.outRsts(Proc.run(TIMEOUT, null, topology.work(),
                        topology.inInternet(List.of("cat", "/proc/net/snmp"))).stdout()) - netRsts;
                assertEquals(0, PcapTcp.resets(pcap), () -> "RSTs on the tap: " + context.get());
                assertEquals(List.of(0L, 0L, 0L), List.of(nsDelta, hostDelta, netDelta),
                        () -> "resets sent by the namespace, the host, the internet: " + context.get());
            }
            return lines;
        }
    }

    @Test
    void everyCleanCloseOrderThroughTheTapIpv4() {
        run(false, REMOTE_V4, 9301, CLEAN, true);
    }

    @Test
    void everyCleanCloseOrderThroughTheTapIpv6() {
        run(false, REMOTE_V6, 9302, CLEAN, true);
    }

    @Test
    void resetsFromEitherSideThroughTheTap() {
        run(false, REMOTE_V4, 9303, RESETS, false);
        run(false, REMOTE_V6, 9304, RESETS, false);
    }

    @Test
    void everyCleanCloseOrderSplicedIpv4() {
        run(true, REMOTE_V4, 9305, CLEAN, true);
    }

    @Test
    void everyCleanCloseOrderSplicedIpv6() {
        run(true, REMOTE_V6, 9306, CLEAN, true);
    }

    @Test
    void resetsFromEitherSideSpliced() {
        run(true, REMOTE_V4, 9307, RESETS, false);
        run(true, REMOTE_V6, 9308, RESETS, false);
    }
}

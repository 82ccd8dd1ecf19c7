package io.jpasst.it;

import static io.jpasst.it.Topology.HOST_V4;
import static io.jpasst.it.Topology.REMOTE_V4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code -p/--pcap}: real clients talk through pasta and passt, and Wireshark's tshark reads
 * the file each wrote. It must parse whole (no record cut short, nothing malformed) and hold
 * the frames of both directions in the order they crossed. {@code --trace} must log them.
 */
class PacketCaptureTest extends PasstTestBase {
    private static final int PORT = 9301;

    /** One frame as tshark decoded it: the fields asked for in {@link #FIELDS}, by name. */
    record Frame(int number, Map<String, String> fields) {
        String get(String name) {
            return fields.getOrDefault(name, "");
        }
    }

    private static final List<String> FIELDS = List.of("arp.opcode", "ip.src", "ip.dst", "icmp.type",
            "tcp.srcport", "tcp.dstport", "tcp.flags.syn", "tcp.flags.ack", "dhcp.option.dhcp", "_ws.malformed");

    private static List<Frame> tshark(Path file) {
        List<String> argv = new ArrayList<>(List.of("tshark", "-r", file.toString(), "-T", "fields",
                "-E", "separator=|", "-E", "occurrence=f", "-e", "frame.number"));
        FIELDS.forEach(f -> argv.addAll(List.of("-e", f)));
        Proc.Result run = Proc.run(Duration.ofSeconds(60), null, topology.work(), argv);
        // tshark says so on stderr (and fails) when the file ends inside a record
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stderr().lines().allMatch(l -> l.isBlank() || l.startsWith("Running as user")), run::toString);
        List<Frame> frames = new ArrayList<>();
        for (String line : run.stdout().lines().toList()) {
            String[] v = line.split("\\|", -1);
            Map<String, String> fields = new java.util.HashMap<>();
            for (int i = 0; i < FIELDS.size(); i++) {
                fields.put(FIELDS.get(i), i + 1 < v.length ? v[i + 1] : "");
            }
            frames.add(new Frame(Integer.parseInt(v[0]), fields));
        }
        return frames;
    }

    /** The number of the first frame matching, failing with the whole capture if none does. */
    private static int first(List<Frame> frames, String what, Predicate<Frame> match) {
        return frames.stream().filter(match).mapToInt(Frame::number).findFirst()
                .orElseThrow(() -> new AssertionError("no " + what + " in the capture: " + frames));
    }

    @Test
    void pastaCapturesPingAndTcpBothWays() {
        Path file = topology.work().resolve("pasta.pcap");
        try (Proc.Running server = Proc.start(null, topology.work(), topology.inInternet(List.of(
                "socat", "-u", "TCP4-LISTEN:" + PORT + ",bind=" + REMOTE_V4 + ",reuseaddr", "OPEN:/dev/null")))) {
            inPasta(null, List.of("--config-net", "-p", file.toString()),
                    "ping -c 1 -W 5 " + REMOTE_V4 + " && for i in $(seq 50); do socat -u /dev/null TCP4:"
                            + REMOTE_V4 + ":" + PORT + " && exit 0; sleep 0.1; done; exit 1").assertSuccess();
        }
        List<Frame> frames = tshark(file);
        assertTrue(frames.stream().allMatch(f -> f.get("_ws.malformed").isEmpty()), () -> "malformed: " + frames);
        int arpRequest = first(frames, "ARP request from the namespace", f -> f.get("arp.opcode").equals("1"));
        int arpReply = first(frames, "ARP reply to the namespace", f -> f.get("arp.opcode").equals("2"));
        int echo = first(frames, "echo request", f -> f.get("icmp.type").equals("8")
                && f.get("ip.src").equals(HOST_V4) && f.get("ip.dst").equals(REMOTE_V4));
        int echoReply = first(frames, "echo reply", f -> f.get("icmp.type").equals("0")
                && f.get("ip.src").equals(REMOTE_V4) && f.get("ip.dst").equals(HOST_V4));
        int syn = first(frames, "SYN to the server", f -> f.get("tcp.dstport").equals(Integer.toString(PORT))
                && f.get("tcp.flags.syn").equals("1") && f.get("tcp.flags.ack").equals("0"));
        int synAck = first(frames, "SYN-ACK to the namespace", f -> f.get("tcp.srcport").equals(Integer.toString(PORT))
                && f.get("tcp.flags.syn").equals("1") && f.get("tcp.flags.ack").equals("1"));
        assertTrue(arpRequest < arpReply && echo < echoReply && echoReply < syn && syn < synAck,
                () -> "out of order: " + frames);
    }

    @Test
    void passtCapturesDhcpBothWays() {
        Path file = topology.work().resolve("passt.pcap");
        Path socket = listening("capture", "-p", file.toString());
        Map<String, String> out = client(socket, "dhcp");
        assertEquals(HOST_V4, out.get("dhcp-offer"), out::toString);
        List<Frame> frames = tshark(file);
        int discover = first(frames, "DHCPDISCOVER", f -> f.get("dhcp.option.dhcp").equals("1"));
        int offer = first(frames, "DHCPOFFER", f -> f.get("dhcp.option.dhcp").equals("2"));
        assertTrue(discover < offer, () -> "out of order: " + frames);
    }

    /** Our own line format: one per frame, saying which way it went and what it carried. */
    @Test
    void traceLogsEveryFrameBothWays() {
        JpasstOnly.assume();
        Proc.Result run = inPasta(null, List.of("--config-net", "--trace"), "ping -c 1 -W 5 " + REMOTE_V4)
                .assertSuccess();
        String log = run.stderr();
        assertTrue(log.matches("(?s).*from guest, 98 bytes: IPv4 ICMP " + HOST_V4 + " > " + REMOTE_V4
                + " type 8 code 0\n.*"), run::toString);
        assertTrue(log.matches("(?s).*to guest, 98 bytes: IPv4 ICMP " + REMOTE_V4 + " > " + HOST_V4
                + " type 0 code 0\n.*"), run::toString);
    }
}

package io.jpasst.it;

import static io.jpasst.it.Topology.HOST_IF;
import static io.jpasst.it.Topology.HOST_V4;
import static io.jpasst.it.Topology.REMOTE_V4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Garbage from the guest must not break pasta: after 10,000 random, truncated and lying
 * frames written into the tap from inside the namespace, DHCP still answers; garbage aimed at
 * a live TCP connection is dropped and counted, and the connection's data arrives intact.
 */
class MalformedFramesTest extends PastaTestBase {
    private static final int FRAMES = 10_000;

    private static final Pattern COUNTERS =
            Pattern.compile("counters: \\d+ frames, (\\d+) handler failures, \\d+ drops: (.*)");

    /**
     * 32 MiB to a remote server, with 100 bad segments on the connection's own addresses and
     * ports written into the tap half way: bad checksums, data offsets below the header and
     * beyond the segment, a truncated option, sequence numbers far outside the window.
     */
    @Test
    void garbageOnALiveTcpConnectionIsDroppedAndCounted() throws IOException {
        JpasstOnly.assume();
        Path data = topology.work().resolve("live-garbage.bin");
        byte[] bytes = new byte[32 << 20];
        new java.util.Random(5).nextBytes(bytes);
        Files.write(data, bytes);
        data.toFile().setReadable(true, false);
        try (Proc.Running server = Proc.start(null, topology.work(), topology.inInternet(List.of(
                "socat", "-t", "30", "TCP4-LISTEN:9401,bind=" + REMOTE_V4 + ",reuseaddr", "SYSTEM:sha256sum")))) {
            Proc.Result run = inPasta(null, List.of("--config-net"), "python3 " + script("live-garbage.py") + " "
                    + REMOTE_V4 + " 9401 " + HOST_IF + " " + data + " && kill -USR1 $PPID && sleep 1").assertSuccess();
            List<String> out = run.stdout().lines().toList();
            assertEquals(2, out.size(), run::toString);
            assertEquals(TcpTransferTest.sha256(data) + "  -", out.get(0), () -> "data damaged: " + run);
            assertEquals("garbage 100", out.get(1), run::toString);
            Matcher m = COUNTERS.matcher(run.stderr());
            assertTrue(m.find(), () -> "no counters: " + run);
            assertEquals("0", m.group(1), () -> "handler failures: " + run);
            Map<String, Long> drops = new HashMap<>();
            for (String r : m.group(2).trim().split(" ")) {
                drops.put(r.substring(0, r.indexOf('=')), Long.parseLong(r.substring(r.indexOf('=') + 1)));
            }
            assertTrue(drops.getOrDefault("BAD_CHECKSUM", 0L) >= 20, () -> "bad checksums: " + drops);
            assertTrue(drops.getOrDefault("MALFORMED", 0L) >= 60, () -> "bad offsets and options: " + drops);
            // a random sequence number lands in the window (or just behind it) once in 500
            assertTrue(drops.getOrDefault("OUT_OF_WINDOW", 0L) >= 18, () -> "out of window: " + drops);
        }
    }

    static Path sender() {
        return script("send-malformed-frames.py");
    }

    @Test
    void dhcpStillWorksAfterTenThousandMalformedFrames() {
        LeaseRecorder lease = new LeaseRecorder(topology, "after-garbage");
        Proc.Result run = inPasta(null, List.of(), "ip link set " + HOST_IF + " up && python3 " + sender() + " "
                + HOST_IF + " " + FRAMES + " && busybox udhcpc -i " + HOST_IF + " -n -q -f -s " + lease.script())
                .assertSuccess();
        int sent = Integer.parseInt(run.stdout().lines().findFirst().orElse("0").strip());
        // a sender that silently sent nothing would prove nothing
        assertTrue(sent >= FRAMES * 9 / 10, () -> "only " + sent + " of " + FRAMES + " frames were sent: " + run);
        assertEquals(HOST_V4, lease.lastLease(run).get("ip"), "no DHCP lease after the garbage");
    }
}

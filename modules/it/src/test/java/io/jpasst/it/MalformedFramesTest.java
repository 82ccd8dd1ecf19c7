package io.jpasst.it;

import static io.jpasst.it.Topology.HOST_IF;
import static io.jpasst.it.Topology.HOST_V4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Garbage from the guest must not break pasta: after 10,000 random, truncated and lying
 * frames written into the tap from inside the namespace, DHCP still answers.
 */
class MalformedFramesTest extends PastaTestBase {
    private static final int FRAMES = 10_000;

    static Path sender() {
        return topology.script("send-malformed-frames.py");
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

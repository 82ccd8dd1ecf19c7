package io.jpasst.it;

import static io.jpasst.it.Topology.REMOTE_V4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The data path allocates nothing per packet: the event-loop thread's allocated bytes, as the
 * JVM counts them (sampled by pasta's hidden allocation probe from another thread), grow by
 * less than 64 KiB over 256 MiB of TCP (128 MiB each way) after 1 GiB of warm-up, in the best
 * of up to eight consecutive windows (the run stops at the first within budget), with the default {@code auto} forwarding rescanning the ports
 * of both sides every second meanwhile, including a port it can never follow: port 80, which the
 * namespace listens on (TCP and UDP) and the host side, running unprivileged, cannot bind.
 */
class TcpAllocationTest extends PastaTestBase {
    private static final long MIB = 1 << 20;
    private static final long BUDGET = 64 * 1024;
    /** 1 GiB of warm-up and up to eight 256 MiB windows, on a machine that may be loaded. */
    private static final Duration RUN_LIMIT = Duration.ofSeconds(240);

    private static String transfers(long mib) {
        long bytes = mib * MIB;
        return "socat -u TCP4:" + REMOTE_V4 + ":9301 - | head -c " + bytes + " | wc -c; "
                + "head -c " + bytes + " /dev/zero | socat -u - TCP4:" + REMOTE_V4 + ":9302; ";
    }

    @Test
    void loopThreadAllocatesAlmostNothingOver256MiB() {
        measure();
    }

    /** Every frame also written to a capture file (/dev/null: the test is about the loop, not the disk). */
    @Test
    void captureAllocatesNothingEither() {
        JpasstOnly.assume();
        measure("-p", "/dev/null");
    }

    private void measure(String... options) {
        Path probe = topology.work().resolve("alloc-probe");
        String mark = "sleep 0.5; n=$(cat " + probe + "); echo mark $n; ";
        // A port the host side's auto forwarding wants on every scan but cannot bind.
        String unbindable = "socat -u TCP4-LISTEN:80,reuseaddr,fork OPEN:/dev/null & a=$!; "
                + "socat -u UDP4-RECV:80 OPEN:/dev/null & b=$!; ";
        String script = unbindable + "for i in $(seq 50); do socat -u OPEN:/dev/null TCP4:" + REMOTE_V4 + ":9302 && break; "
                + "sleep 0.1; done; "
                // Warm-up long enough for C2 to compile the whole path: until then, the
                // downcalls' errno capture allocates a segment slice per system call.
                + transfers(128) + transfers(128) + transfers(128) + transfers(128)
                // Up to eight windows, stopping at the first within budget: on a loaded machine
                // the compiler threads can take several more windows to finish the path.
                + mark + "p=$n; for w in 1 2 3 4 5 6 7 8; do " + transfers(128) + mark
                + "[ $((n - p)) -lt " + BUDGET + " ] && break; p=$n; done; kill $a $b; ";
        try (Proc.Running down = Proc.start(null, topology.work(), topology.inInternet(List.of("socat", "-U",
                     "TCP4-LISTEN:9301,bind=" + REMOTE_V4 + ",reuseaddr,fork", "SYSTEM:head -c 134217728 /dev/zero")));
             Proc.Running up = Proc.start(null, topology.work(), topology.inInternet(List.of("socat", "-u",
                     "TCP4-LISTEN:9302,bind=" + REMOTE_V4 + ",reuseaddr,fork", "OPEN:/dev/null")))) {
            List<String> argv = new ArrayList<>(List.of("env", "JDK_JAVA_OPTIONS=-Djpasst.allocProbe=" + probe));
            // pasta's default forwarding (-t/-u/-T/-U auto): the once-a-second port scans run on
            // the loop thread too, and must stay inside the budget with the data path.
            List<String> args = new ArrayList<>(List.of("--config-net"));
            args.addAll(List.of(options));
            args.addAll(List.of("--", "sh", "-c", script));
            argv.addAll(pasta.command(args.toArray(String[]::new)));
            Proc.Result r = topology.runAsUser(RUN_LIMIT, null, argv).assertSuccess();
            List<String> lines = r.stdout().lines().toList();
            List<Long> marks = lines.stream().filter(l -> l.startsWith("mark "))
                    .map(l -> Long.parseLong(l.substring(5).trim())).toList();
            assertTrue(marks.size() >= 2, r::toString);
            // Every download arrived whole: four of warm-up and one per window.
            assertEquals(4 + (marks.size() - 1), lines.stream().filter(l -> l.equals("134217728")).count(),
                    r::toString);
            List<Long> windows = new ArrayList<>();
            for (int i = 1; i < marks.size(); i++) {
                windows.add(marks.get(i) - marks.get(i - 1));
            }
            System.out.println("event-loop thread allocated " + windows + " bytes in " + windows.size() + " 256 MiB windows");
            // The best window: a late JIT recompilation can run the path unoptimised for a
            // while (allocating per call) without that being an allocation of the code.
            long best = windows.stream().mapToLong(Long::longValue).min().orElseThrow();
            assertTrue(best < BUDGET, "allocated " + windows + " bytes: " + r);
        }
    }
}

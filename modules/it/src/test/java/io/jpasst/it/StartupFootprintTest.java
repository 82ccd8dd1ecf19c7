package io.jpasst.it;

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
 * Guards what start-up costs (issue 19; figures in BENCHMARKS.md) so it cannot creep back:
 * <ul>
 * <li>the classes the JVM spins at run time on a real {@code pasta --config-net true}, counted
 *     from its class-load log: the foreign linker's stubs and lambda forms, which the AOT cache
 *     cannot hold, cost ~10 ms per downcall shape. 432 before the cache was trained on a real
 *     start, 161 before the start path's calls shared one shape, 92 after (109 with the
 *     per-segment setsockopt and ioctl on handles of their own, which must not allocate; 80 once
 *     netlink's send/recv, TUNSETIFF, the port scan's pread and errno texts left the start path:
 *     four shapes remain, syscall, epoll_ctl, epoll_wait and the tap's read/write);</li>
 * <li>the packet memory a started, idle pasta has touched, read from /proc/PID/smaps: buffers
 *     mapped so that pages are backed only when frames use them (16 MiB zeroed at start
 *     before, a few KiB after).</li>
 * </ul>
 */
class StartupFootprintTest extends PastaTestBase {
    /** Hidden classes defined at run time (80 measured; a new downcall shape adds ~12). */
    private static final int HIDDEN_CLASS_BUDGET = 90;
    /** Packet-buffer pages touched before traffic (a few KiB measured; 16 MiB when zeroed). */
    private static final long PACKET_KIB_BUDGET = 1024;

    @Test
    void realStartSpinsFewHiddenClasses() throws IOException {
        JpasstOnly.assume();
        Path log = topology.work().resolve("class-load.log");
        List<String> argv = new ArrayList<>(List.of("env", "JDK_JAVA_OPTIONS=-Xlog:class+load:file=" + log));
        argv.addAll(pasta.command("--config-net", "--", "true"));
        topology.runAsUser(TIMEOUT, null, argv).assertSuccess();
        List<String> spun = Files.readAllLines(log).stream()
                .filter(l -> l.contains("/0x") && !l.contains("source: shared objects file"))
                .toList();
        // A log with none at all means it was not written: the count would prove nothing.
        assertTrue(Files.readAllLines(log).size() > 500, "class-load log not written: " + log);
        System.out.println("hidden classes defined at run time: " + spun.size());
        assertTrue(spun.size() <= HIDDEN_CLASS_BUDGET, spun.size() + " hidden classes spun (budget "
                + HIDDEN_CLASS_BUDGET + "), e.g. " + spun.subList(0, Math.min(20, spun.size())));
    }

    @Test
    void idlePastaTouchesLittlePacketMemory() throws Exception {
        JpasstOnly.assume();
        Path ready = topology.work().resolve("footprint-ready");
        try (Proc.Running run = topology.startAsUser(pasta.command("--config-net", "--", "sh", "-c",
                "touch " + ready + "; sleep 30"))) {
            assertTrue(Poll.until(() -> Files.exists(ready), Duration.ofSeconds(30)), "the command never started: " + run);
            Thread.sleep(1000); // what the kernel sends on a new link (DAD, MLD, RS) has come through
            long pid = pasta.daemonPid().orElseThrow();
            long[] packets = packetMemoryKib(pid);
            System.out.println("packet memory: " + packets[0] + " KiB mapped, " + packets[1] + " KiB touched");
            // The buffers must be found, or a touched-size of zero would prove nothing.
            assertTrue(packets[0] >= 16 * 1024, "packet mappings not found in smaps: " + packets[0] + " KiB");
            assertTrue(packets[1] <= PACKET_KIB_BUDGET, packets[1] + " KiB of packet memory touched (budget "
                    + PACKET_KIB_BUDGET + " KiB)");
        }
    }

    /**
     * {mapped, resident} KiB of the packet mappings: anonymous, excluded from core dumps
     * ({@code dd}), which no other anonymous mapping of the JVM is (the kernel's vvar pages
     * are, flagged {@code io}/{@code pf}), or named {@code [anon:jpasst-packets]}.
     */
    private static long[] packetMemoryKib(long pid) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long mapped = 0;
        long resident = 0;
        long size = 0;
        long rss = 0;
        String name = "";
        for (String line : lines) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                String[] f = line.trim().split("\\s+");
                name = f.length > 5 ? f[5] : "";
            } else if (line.startsWith("Size:")) {
                size = kib(line);
            } else if (line.startsWith("Rss:")) {
                rss = kib(line);
            } else if (line.startsWith("VmFlags:")) {
                List<String> flags = List.of(line.substring(8).trim().split("\\s+"));
                boolean packets = name.equals("[anon:jpasst-packets]") || (name.isEmpty()
                        && flags.contains("dd") && !flags.contains("io") && !flags.contains("pf"));
                if (packets) {
                    mapped += size;
                    resident += rss;
                }
            }
        }
        return new long[] {mapped, resident};
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}

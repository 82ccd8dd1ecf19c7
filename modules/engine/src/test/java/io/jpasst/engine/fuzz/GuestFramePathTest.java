package io.jpasst.engine.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The fuzz harness itself: it must be able to fail, and the seed corpus must reach the responders. */
class GuestFramePathTest {
    static final Path SEEDS = Path.of("src/test/resources/io/jpasst/engine/fuzz/GuestFrameFuzzTestInputs/tapFrame");

    @Test
    void everySeedIsAnsweredCountedOrHandled() throws IOException {
        GuestFramePath path = GuestFramePath.icmpOnly();
        List<Path> seeds;
        try (Stream<Path> s = Files.list(SEEDS)) {
            seeds = s.sorted().toList();
        }
        assertTrue(seeds.size() >= 20, "seed corpus present: " + seeds.size());
        for (Path p : seeds) {
            path.offer(MemorySegment.ofArray(Files.readAllBytes(p)));
        }
        // ARP x2 (probe unanswered), DHCP discover/request/inform, DHCPv6 x4, NDP RS/NS, echo v4 x2 + v6
        assertTrue(path.tap().replies() >= 10, "seeds reach the responders: " + path.tap().replies());
        assertTrue(path.drops().get(DropReason.FRAGMENT) >= 2, path.drops().summary());
        assertTrue(path.drops().get(DropReason.DISABLED) >= 2, "TCP/UDP off: " + path.drops().summary());
    }

    /** Through the real handlers the same seeds reach TCP, UDP and ICMP, and none is refused as off. */
    @Test
    void everySeedReachesTheRealHandlers() throws IOException {
        GuestFramePath path = GuestFramePath.realHandlers();
        try (Stream<Path> s = Files.list(SEEDS)) {
            for (Path p : s.sorted().toList()) {
                path.offer(MemorySegment.ofArray(Files.readAllBytes(p)));
            }
        }
        long[] handled = path.handled();
        assertTrue(handled[0] > 0 && handled[1] > 0 && handled[2] > 0,
                "TCP, UDP, ICMP handled: " + java.util.Arrays.toString(handled));
        assertEquals(0, path.drops().get(DropReason.DISABLED), path.drops().summary());
    }

    @Test
    void aMalformedReplyFailsTheRun() {
        InputTap tap = new InputTap();
        MemorySegment junk = MemorySegment.ofArray(new byte[60]);
        assertThrows(AssertionError.class, () -> tap.send(junk, 0, 60));
        assertThrows(AssertionError.class, () -> tap.send(junk, 50, 20));
    }
}

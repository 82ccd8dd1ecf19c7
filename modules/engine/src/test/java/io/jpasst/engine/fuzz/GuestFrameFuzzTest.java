package io.jpasst.engine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;

/**
 * Coverage-guided fuzzing of everything a guest can send through the tap: Ethernet, ARP,
 * IPv4/IPv6 with options and extension headers, UDP, ICMP/ICMPv6 echo, DHCP, DHCPv6, NDP.
 * Each input is one raw Ethernet frame, so the seed corpus (in
 * {@code src/test/resources/io/jpasst/engine/fuzz/GuestFrameFuzzTestInputs/<method>/}) holds
 * real frames. Plain {@code mvn verify} replays the corpus and every committed crasher;
 * {@code JAZZER_FUZZ=1} mutates for {@code maxDuration} (see scripts/fuzz).
 */
class GuestFrameFuzzTest {
    private static final GuestFramePath PATH = GuestFramePath.icmpOnly();

    @FuzzTest(maxDuration = "60s")
    void tapFrame(byte[] frame) {
        PATH.offer(MemorySegment.ofArray(frame));
    }
}

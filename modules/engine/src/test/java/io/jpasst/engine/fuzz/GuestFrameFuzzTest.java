package io.jpasst.engine.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;

/**
 * Coverage-guided fuzzing of everything a guest can send through the tap: Ethernet, ARP,
 * IPv4/IPv6 with options and extension headers, DHCP, DHCPv6, NDP, and TCP, UDP and ICMP/ICMPv6
 * echo through the real handlers with their real sockets, in a network namespace of their own
 * ({@link IsolatedHandlers}).
 * An input of {@link #tapFrame} is one raw Ethernet frame, so its seed corpus (in
 * {@code src/test/resources/io/jpasst/engine/fuzz/GuestFrameFuzzTestInputs/<method>/}) holds
 * real frames (written by {@code make-seeds.py} there). The {@code cov-*} inputs of both
 * targets were kept from runs of about 100 million inputs each, so that short runs start at
 * the coverage those reached. Plain
 * {@code mvn verify} replays the corpus and every committed crasher;
 * {@code JAZZER_FUZZ=1} mutates for {@code maxDuration} (see scripts/fuzz).
 */
class GuestFrameFuzzTest {
    private static final GuestFramePath PATH = GuestFramePath.realHandlers();
    private static final GuestFramePath CONVERSATIONS = GuestFramePath.realHandlers();

    @FuzzTest(maxDuration = "60s")
    void tapFrame(byte[] frame) {
        PATH.offer(MemorySegment.ofArray(frame));
    }

    /**
     * A short conversation instead of one frame: up to eight frames in a row, so that what the
     * guest state learns from one frame (its MAC and addresses) shapes the answers to the
     * next within one input, as with a real guest's DAD, then RS, then DHCPv6.
     */
    @FuzzTest(maxDuration = "60s")
    void conversation(FuzzedDataProvider data) {
        for (int i = 0; i < 8 && data.remainingBytes() > 0; i++) {
            int len = data.consumeInt(0, 1600);
            CONVERSATIONS.offer(MemorySegment.ofArray(data.consumeBytes(len)));
        }
    }
}

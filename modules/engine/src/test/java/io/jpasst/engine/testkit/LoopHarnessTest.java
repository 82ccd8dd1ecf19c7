package io.jpasst.engine.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.packet.ip.Tcp;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The kit itself: steps run on the loop thread, their failures reach the test, frames parse. */
class LoopHarnessTest {

    @Test
    void stepsRunOnTheLoopThreadAndTheirFailuresReachTheTest() throws Exception {
        try (LoopHarness harness = new LoopHarness().start()) {
            AtomicReference<Thread> ran = new AtomicReference<>();
            harness.onLoop(() -> ran.set(Thread.currentThread()));
            assertNotSame(Thread.currentThread(), ran.get());
            assertThrows(AssertionError.class, () -> harness.onLoop(() -> assertEquals(1, 2)));
            assertThrows(IllegalStateException.class, () -> harness.onLoop(() -> {
                throw new IllegalStateException("step");
            }));
            assertEquals(0, harness.failures(), "a step's failure is the test's, not a handler's");
        }
    }

    @Test
    void framesBuiltForTheGuestParseAndAreRecorded() throws Exception {
        GuestFrames frames = new GuestFrames(0x0200_0000_00aaL, 0x0200_0000_00bbL, 0x0a00_020f);
        RecordingTap tap = new RecordingTap();
        ParsedFrame parsed = new ParsedFrame();
        int[] lengths = {frames.udp4(0x0a00_0202, 5000, 53, new byte[12]), 0, 0};
        tap.send(frames.frame(), 0, lengths[0]);
        lengths[1] = frames.echo4(0x0a00_0202, 7, 1, new byte[56]);
        tap.send(frames.frame(), 0, lengths[1]);
        lengths[2] = frames.tcp4(0x0a00_0202, 40000, 80, 1, 0, Tcp.SYN, 64240, new byte[0]);
        tap.send(frames.frame(), 0, lengths[2]);
        for (int len : lengths) {
            byte[] f = tap.poll(1, TimeUnit.SECONDS);
            assertEquals(len, f.length);
            assertEquals(true, parsed.parse(MemorySegment.ofArray(f), 0, f.length) && parsed.l4ChecksumOk(),
                    () -> "frame of " + len + " bytes: " + parsed.reason());
        }
        assertEquals(null, tap.poll(10, TimeUnit.MILLISECONDS));
    }
}

package io.jpasst.engine.tap.capture;

import static io.jpasst.engine.tap.QemuEnd.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import io.jpasst.engine.packet.PacketPool;
import io.jpasst.engine.tap.PasstStream;
import io.jpasst.engine.tap.QemuEnd;
import io.jpasst.engine.tap.TapBackend;
import io.jpasst.sys.Fd;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capture around a real backend: passt's stream on a socketpair, the test holding qemu's
 * end. Frames read from the guest and frames sent to it land in the file in the order they
 * crossed, with wall-clock stamps; a file that cannot be written costs a counter, not a frame.
 */
class CapturingTapTest {
    @TempDir
    Path dir;

    private final DropCounters drops = new DropCounters();
    private final EventLoop loop = new EventLoop((type, t, n) -> { throw new AssertionError(t); });
    private final PasstStream stream = new PasstStream();
    private final MemorySegment io = Arena.ofAuto().allocate(1 << 16, 8);
    private final PacketPool pool = new PacketPool(Arena.ofAuto().allocate(1 << 20, 8), 64);
    private int peer;

    @BeforeEach
    void connect() {
        peer = QemuEnd.connect(stream, loop, drops, () -> { });
    }

    @AfterEach
    void close() {
        stream.close();
        Fd.close(peer);
        loop.close();
    }

    /** The guest sends frames: each behind its 4-byte length on the stream. */
    private void fromGuest(byte[]... frames) {
        byte[] wire = QemuEnd.wire(frames);
        MemorySegment.copy(wire, 0, io, ValueLayout.JAVA_BYTE, 0, wire.length);
        assertEquals(wire.length, Fd.write(peer, io, 0, wire.length));
    }

    private void toGuest(TapBackend tap, byte[] f) {
        MemorySegment seg = Arena.ofAuto().allocate(f.length + 8);
        MemorySegment.copy(f, 0, seg, ValueLayout.JAVA_BYTE, 8, f.length);
        assertEquals(f.length, tap.send(seg, 8, f.length));
    }

    @Test
    void bothDirectionsAreRecordedInTheOrderTheyCrossed() throws Exception {
        Path file = dir.resolve("both.pcap");
        TapBackend tap = CapturingTap.wrap(stream, Optional.of(file.toString()), drops);
        byte[] in1 = frame(1, 60);
        byte[] in2 = frame(2, 342);
        byte[] out1 = frame(3, 42);
        byte[] in3 = frame(4, 1514);
        long before = System.currentTimeMillis() * 1000;
        fromGuest(in1, in2);
        assertTrue(tap.receive(pool, 0) > 0);
        assertEquals(2, pool.count());
        pool.flush();
        toGuest(tap, out1);
        fromGuest(in3);
        tap.receive(pool, 0);
        long after = System.currentTimeMillis() * 1000 + 1000;

        List<PcapFile.Record> records = PcapFile.read(file).records();
        assertEquals(4, records.size());
        assertArrayEquals(in1, records.get(0).frame());
        assertArrayEquals(in2, records.get(1).frame());
        assertArrayEquals(out1, records.get(2).frame());
        assertArrayEquals(in3, records.get(3).frame());
        long last = 0;
        for (PcapFile.Record r : records) {
            long stamp = r.seconds() * 1_000_000 + r.micros();
            assertTrue(stamp >= before - 1000 && stamp <= after, "stamp " + stamp + " not in [" + before + ", " + after + "]");
            assertTrue(stamp >= last, "stamps go back");
            assertEquals(r.len(), r.caplen());
            last = stamp;
        }
        assertEquals(0, drops.total());
    }

    @Test
    void framesTheBackendRefusedAreNotRecorded() throws Exception {
        Path file = dir.resolve("refused.pcap");
        TapBackend tap = CapturingTap.wrap(stream, Optional.of(file.toString()), drops);
        MemorySegment seg = Arena.ofAuto().allocate(16);
        assertTrue(tap.send(seg, 0, 10) < 0, "shorter than an Ethernet header");
        assertEquals(0, PcapFile.read(file).records().size());
    }

    @Test
    void aFailingFileCountsButForwards() {
        int full = Fd.open("/dev/full", Fd.O_WRONLY | Fd.O_CLOEXEC, 0);
        assertTrue(full >= 0, "/dev/full: " + full);
        TapBackend tap = new CapturingTap(stream, PcapWriter.appendingTo(full), false, drops);
        fromGuest(frame(1, 60), frame(2, 60));
        tap.receive(pool, 0);
        assertEquals(2, pool.count(), "frames still handed on");
        toGuest(tap, frame(3, 42));
        assertEquals(3, drops.get(DropReason.CAPTURE_FAILED));
        Fd.close(full);
    }

    @Test
    void withoutPcapOrTraceTheBackendIsUsedAsItIs() {
        Log.configure(false, false, false);
        assertSame(stream, CapturingTap.wrap(stream, Optional.empty(), drops));
    }
}

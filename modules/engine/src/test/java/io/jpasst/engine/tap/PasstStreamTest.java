package io.jpasst.engine.tap;

import static io.jpasst.engine.tap.QemuEnd.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import io.jpasst.engine.packet.PacketPool;
import io.jpasst.sys.Errno;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stream framing on a real socketpair: the test holds qemu's end. Frames split anywhere,
 * merged by the hundred, larger than what is left of the buffer; bad lengths; and output
 * under a full socket, which must come out whole and in order.
 */
class PasstStreamTest {
    private final DropCounters drops = new DropCounters();
    private final EventLoop loop = new EventLoop((type, t, n) -> { throw new AssertionError(t); });
    private final PasstStream stream = new PasstStream();
    private final MemorySegment io = Arena.ofAuto().allocate(1 << 20);
    private int gone;
    private int peer;

    @BeforeEach
    void connect() {
        peer = QemuEnd.connect(stream, loop, drops, () -> gone++);
    }

    @AfterEach
    void close() {
        stream.close();
        Fd.close(peer);
        loop.close();
    }

    private void peerWrite(byte[] bytes, int from, int to) {
        int at = from;
        while (at < to) {
            int n = Math.min(to - at, (int) io.byteSize());
            MemorySegment.copy(bytes, at, io, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, n);
            long w = Fd.write(peer, io, 0, n);
            assertTrue(w > 0, "write: " + w);
            at += (int) w;
        }
    }

    /** Drains the stream into pool the way TapFrames does; returns the frames seen. */
    private List<byte[]> receiveAll(PacketPool pool) {
        List<byte[]> frames = new ArrayList<>();
        while (true) {
            long used = stream.receive(pool, 0);
            assertTrue(used >= 0);
            boolean more = pool.full();
            for (int i = 0; i < pool.count(); i++) {
                int len = pool.length(i);
                frames.add(pool.buffer().asSlice(pool.get(i, 0, len), len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            }
            pool.flush();
            if (!more) {
                return frames;
            }
        }
    }

    private static PacketPool pool(long bytes, int capacity) {
        return new PacketPool(Arena.ofAuto().allocate(bytes, 8), capacity);
    }

    @Test
    void framesSplitAtEveryByteAreReassembled() {
        byte[] a = frame(1, 60);
        byte[] b = frame(2, 14);
        byte[] w = QemuEnd.wire(a, b);
        PacketPool pool = pool(1 << 20, 64);
        for (int k = 1; k < w.length; k++) {
            List<byte[]> got = new ArrayList<>();
            peerWrite(w, 0, k);
            got.addAll(receiveAll(pool));
            peerWrite(w, k, w.length);
            got.addAll(receiveAll(pool));
            assertEquals(2, got.size(), "split at " + k);
            assertTrue(Arrays.equals(a, got.get(0)), "first frame, split at " + k);
            assertTrue(Arrays.equals(b, got.get(1)), "second frame, split at " + k);
        }
        assertEquals(0, drops.get(DropReason.BAD_FRAME_LENGTH));
    }

    @Test
    void hundredMergedFramesComeOutAsHundred() {
        byte[][] frames = new byte[100][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = frame(i, 14 + i * 13);
        }
        peerWrite(QemuEnd.wire(frames), 0, QemuEnd.wire(frames).length);
        // a pool smaller than the batch: the rest waits for the next call
        List<byte[]> got = receiveAll(pool(1 << 20, 16));
        assertEquals(100, got.size());
        for (int i = 0; i < frames.length; i++) {
            assertTrue(Arrays.equals(frames[i], got.get(i)), "frame " + i);
        }
    }

    /** Frames that do not fit behind the previous ones move to the buffer start, intact. */
    @Test
    void largeFramesAcrossTheBufferEndAreCompacted() {
        byte[][] frames = new byte[12][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = frame(i, 65535 - i);
        }
        byte[] w = QemuEnd.wire(frames);
        List<byte[]> got = new ArrayList<>();
        PacketPool pool = pool(3 * 65539 + 1000, 64);
        for (int at = 0; at < w.length; at += 50_000) {
            peerWrite(w, at, Math.min(w.length, at + 50_000));
            got.addAll(receiveAll(pool));
        }
        assertEquals(frames.length, got.size());
        for (int i = 0; i < frames.length; i++) {
            assertTrue(Arrays.equals(frames[i], got.get(i)), "frame " + i);
        }
    }

    @Test
    void badLengthClosesTheClientAfterTheGoodFrames() {
        byte[] good = QemuEnd.wire(frame(0, 40));
        byte[] bad = {0, 0, 0, 13, 1, 2, 3};
        byte[] w = Arrays.copyOf(good, good.length + bad.length);
        System.arraycopy(bad, 0, w, good.length, bad.length);
        peerWrite(w, 0, w.length);
        List<byte[]> got = receiveAll(pool(1 << 20, 64));
        assertEquals(1, got.size(), "the frame before the bad length is still delivered");
        assertEquals(1, drops.get(DropReason.BAD_FRAME_LENGTH));
        assertEquals(1, gone);
        assertFalse(stream.connected());
        assertEquals(0, Fd.read(peer, io, 0, 16), "our end must be closed: the peer sees EOF");
    }

    @Test
    void oversizedLengthClosesTheClient() {
        byte[] w = {0, 1, 0, 0, 0};
        peerWrite(w, 0, w.length);
        receiveAll(pool(1 << 20, 64));
        assertEquals(1, drops.get(DropReason.BAD_FRAME_LENGTH));
        assertEquals(1, gone);
    }

    @Test
    void peerCloseIsClientGone() {
        Fd.close(peer);
        peer = Fd.open("/dev/null", Fd.O_RDWR | Fd.O_CLOEXEC, 0);
        receiveAll(pool(1 << 20, 64));
        assertEquals(1, gone);
        assertEquals(-Errno.ENOTCONN, stream.send(io, 0, 60));
    }

    /**
     * Output while the peer does not read: the socket fills, a write ends mid-frame, the rest
     * stays queued; once the peer reads, every frame arrives whole and in order.
     */
    @Test
    void outputSurvivesPartialWritesInOrder() {
        Sock.setsockoptInt(stream.fd(), Sock.SOL_SOCKET, Sock.SO_SNDBUF, 4096);
        int count = 300;
        MemorySegment f = Arena.ofAuto().allocate(1500);
        for (int i = 0; i < count; i++) {
            f.fill((byte) i);
            Be.u32(f, 0, i);
            assertEquals(1000 + i, stream.send(f, 0, 1000 + i), "frame " + i);
        }
        stream.flush();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        MemorySegment in = Arena.ofAuto().allocate(65536);
        int expected = 0;
        for (int i = 0; i < count; i++) {
            expected += 4 + 1000 + i;
        }
        for (int rounds = 0; received.size() < expected && rounds < 100_000; rounds++) {
            long n = Sock.recv(peer, in, 0, in.byteSize(), Sock.MSG_DONTWAIT);
            if (n > 0) {
                received.write(in.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), 0, (int) n);
            }
            stream.flush();
        }
        byte[] all = received.toByteArray();
        assertEquals(expected, all.length);
        MemorySegment s = MemorySegment.ofArray(all);
        long at = 0;
        for (int i = 0; i < count; i++) {
            assertEquals(1000 + i, Be.u32(s, at), "length of frame " + i);
            assertEquals(i, Be.u32(s, at + 4), "frame " + i + " out of order");
            assertEquals((byte) i, all[(int) at + 4 + 999 + i], "last byte of frame " + i);
            at += 4 + 1000 + i;
        }
    }
}

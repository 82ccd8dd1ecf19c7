package io.jpasst.bench;

import static io.jpasst.engine.tap.vhost.LittleEndian.U16;
import static io.jpasst.engine.tap.vhost.LittleEndian.U32;
import static io.jpasst.engine.tap.vhost.LittleEndian.U64;

import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.PacketBuffer;
import io.jpasst.engine.packet.PacketPool;
import io.jpasst.engine.tap.vhost.VhostUserTap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The vhost-user data path against rings in plain memory, playing the guest's part inline:
 * each operation offers one buffer (receive) or one chain (transmit) in the available ring,
 * then the back end fills or copies it and writes the used ring. No eventfds, so this is the
 * per-frame cost of the ring handling and the copy, without the system calls a round adds.
 */
@State(Scope.Thread)
public class VhostUserBench extends DataPathBench {
    private static final int QUEUE = 256;
    private static final long GPA = 0x100000;
    private static final long BUF = 2048;
    private static final long DESC = 0;
    private static final long AVAIL = 4096;
    private static final long USED = 8192;
    private static final long BUFFERS = 16384;
    private static final int FRAME = 1514;

    private MemorySegment rxMem;
    private MemorySegment txMem;
    private VhostUserTap rxTap;
    private VhostUserTap txTap;
    private PacketPool pool;
    private MemorySegment frame;
    private int rxAvail;
    private int txAvail;

    @Setup
    public void setUp() {
        rxMem = guest(true);
        txMem = guest(false);
        rxTap = tap(rxMem, true);
        txTap = tap(txMem, false);
        pool = new PacketPool(new PacketBuffer(1 << 20).segment(), 64);
        frame = GuestFrames.frameBuffer();
        frame.asSlice(0, FRAME).fill((byte) 0x5a);
    }

    /** Guest memory with QUEUE descriptors of BUF bytes each, device-writable or readable. */
    private static MemorySegment guest(boolean writable) {
        MemorySegment mem = Arena.ofAuto().allocate(BUFFERS + QUEUE * BUF, 4096);
        for (int i = 0; i < QUEUE; i++) {
            long at = DESC + 16L * i;
            mem.set(U64, at, GPA + BUFFERS + BUF * i);
            mem.set(U32, at + 8, writable ? (int) BUF : 12 + FRAME);
            mem.set(U16, at + 12, (short) (writable ? 2 : 0));
        }
        return mem;
    }

    private static VhostUserTap tap(MemorySegment mem, boolean rx) {
        VhostUserTap tap = new VhostUserTap(new DropCounters());
        tap.memory().add(GPA, GPA, mem);
        tap.features(12, true);
        (rx ? tap.rxQueue() : tap.txQueue()).attach(QUEUE, mem.asSlice(DESC), mem.asSlice(AVAIL), mem.asSlice(USED), 0);
        return tap;
    }

    /** The guest offers the next buffer (descriptor i for slot i). */
    private static int offer(MemorySegment mem, int idx) {
        mem.set(U16, AVAIL + 4 + 2L * (idx & (QUEUE - 1)), (short) (idx & (QUEUE - 1)));
        idx = (idx + 1) & 0xffff;
        mem.set(U16, AVAIL + 2, (short) idx);
        return idx;
    }

    /** One 1514-byte frame to the guest: header, copy, used entry, used index. */
    @Benchmark
    public int toGuest() {
        rxAvail = offer(rxMem, rxAvail);
        return rxTap.send(frame, 0, FRAME);
    }

    /** One 1514-byte frame from the guest: chain walk, copy into the pool, used entry. */
    @Benchmark
    public long fromGuest() {
        txAvail = offer(txMem, txAvail);
        long end = txTap.receive(pool, 0);
        pool.flush();
        return end;
    }
}

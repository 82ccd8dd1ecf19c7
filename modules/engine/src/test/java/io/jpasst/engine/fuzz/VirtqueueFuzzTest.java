package io.jpasst.engine.fuzz;

import static io.jpasst.engine.tap.vhost.LittleEndian.U16;
import static io.jpasst.engine.tap.vhost.LittleEndian.U32;
import static io.jpasst.engine.tap.vhost.LittleEndian.U64;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.PacketBuffer;
import io.jpasst.engine.packet.PacketPool;
import io.jpasst.engine.tap.vhost.GuestMemory;
import io.jpasst.engine.tap.vhost.VhostUserTap;
import io.jpasst.engine.tap.vhost.Virtqueue;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A hostile guest's virtqueues: random descriptor tables (addresses inside, across the edges
 * of and outside the guest's two regions, any length, flags and next index) and random
 * available-ring indexes and entries, for both the transmit path (frames copied out) and the
 * receive path (frames written into the guest's buffers, mergeable).
 *
 * <p>The guest's regions are slices of one arena with guard bytes around each: an input
 * passes only if nothing escapes (no exception), the guards are untouched (nothing written
 * outside the regions; reads outside would throw, the slices being bounds-checked), every
 * frame handed to the engine lies inside the pool buffer, and the used ring never advances
 * by more than the ring holds.
 */
class VirtqueueFuzzTest {
    private static final long GUARD = 256;
    private static final long SIZE_A = 8192;
    private static final long SIZE_B = 4096;
    private static final long GPA_A = 0x10000;
    private static final long GPA_B = 0x7f000;
    /** Rings at fixed places of region A: descriptors (16 * 64), available ring, used ring. */
    private static final long DESC = 0;
    private static final long AVAIL = 1024;
    private static final long USED = 1280;
    private static final int MAX_QUEUE = 64;

    private static final MemorySegment ALL = Arena.global().allocate(GUARD * 3 + SIZE_A + SIZE_B, 16);
    private static final MemorySegment A = ALL.asSlice(GUARD, SIZE_A);
    private static final MemorySegment B = ALL.asSlice(GUARD * 2 + SIZE_A, SIZE_B);
    private static final MemorySegment FRAME = Arena.global().allocate(65535);
    private static final PacketPool POOL = new PacketPool(new PacketBuffer(256 << 10).segment(), 16);
    private static final DropCounters DROPS = new DropCounters();
    private static final VhostUserTap TAP = new VhostUserTap(DROPS);

    static {
        ALL.fill((byte) 0x5a);
        TAP.memory().add(GPA_A, GPA_A, A);
        TAP.memory().add(GPA_B, GPA_B, B);
        for (int i = 0; i < FRAME.byteSize(); i++) {
            FRAME.set(ValueLayout.JAVA_BYTE, i, (byte) i);
        }
    }

    /** Where an input's choices come from: Jazzer's mutated bytes, or a seeded random stream. */
    interface Source {
        boolean consumeBoolean();

        int consumeInt();

        int consumeInt(int min, int max);

        long consumeLong();

        long consumeLong(long min, long max);
    }

    private record Fuzzed(FuzzedDataProvider d) implements Source {
        public boolean consumeBoolean() { return d.consumeBoolean(); }
        public int consumeInt() { return d.consumeInt(); }
        public int consumeInt(int min, int max) { return d.consumeInt(min, max); }
        public long consumeLong() { return d.consumeLong(); }
        public long consumeLong(long min, long max) { return d.consumeLong(min, max); }
    }

    private static final class Random implements Source {
        private final SplittableRandom r;

        Random(long seed) {
            r = new SplittableRandom(seed);
        }

        public boolean consumeBoolean() { return r.nextBoolean(); }
        public int consumeInt() { return r.nextInt(); }
        public int consumeInt(int min, int max) { return r.nextInt(min, max + 1); }
        public long consumeLong() { return r.nextLong(); }
        public long consumeLong(long min, long max) { return r.nextLong(min, max + 1); }
    }

    @FuzzTest(maxDuration = "60s")
    void descriptorChains(FuzzedDataProvider data) {
        run(new Fuzzed(data));
    }

    /**
     * The same target fed by a seeded random stream: fast enough for tens of millions of
     * inputs in a bounded run ({@code -Djpasst.fuzz.vhostInputs=N}; 100,000 by default so
     * that {@code mvn verify} stays quick), where coverage guidance (above) is slower.
     */
    @Test
    void randomDescriptorChains() {
        long n = Long.getLong("jpasst.fuzz.vhostInputs", 100_000);
        Random source = new Random(17);
        long t0 = System.nanoTime();
        for (long i = 0; i < n; i++) {
            run(source);
        }
        System.out.printf("VirtqueueFuzzTest: %d random inputs in %.1f s, drops %s%n", n,
                (System.nanoTime() - t0) / 1e9, DROPS.summary());
    }

    private static void run(Source data) {
        boolean transmit = data.consumeBoolean();
        int size = 1 << data.consumeInt(0, 6);
        TAP.features(data.consumeBoolean() ? 12 : 10, data.consumeBoolean());
        Virtqueue q = transmit ? TAP.txQueue() : TAP.rxQueue();
        int start = data.consumeInt(0, 0xffff);
        q.attach(size, A.asSlice(DESC), A.asSlice(AVAIL), A.asSlice(USED), start);
        int descs = data.consumeInt(0, size);
        for (int i = 0; i < descs; i++) {
            long at = DESC + 16L * data.consumeInt(0, size - 1);
            A.set(U64, at, address(data));
            A.set(U32, at + 8, data.consumeBoolean() ? data.consumeInt(0, 2048) : data.consumeInt());
            A.set(U16, at + 12, (short) data.consumeInt(0, 7));
            A.set(U16, at + 14, (short) (data.consumeBoolean() ? data.consumeInt(0, size) : data.consumeInt(0, 0xffff)));
        }
        A.set(U16, AVAIL, (short) data.consumeInt(0, 1));
        A.set(U16, AVAIL + 2, (short) (start + (data.consumeBoolean() ? data.consumeInt(0, size) : data.consumeInt())));
        int entries = data.consumeInt(0, size);
        for (int i = 0; i < entries; i++) {
            A.set(U16, AVAIL + 4 + 2L * i, (short) (data.consumeBoolean() ? data.consumeInt(0, size - 1) : data.consumeInt()));
        }
        A.set(U16, USED + 2, (short) start);
        if (transmit) {
            long end = TAP.receive(POOL, 0);
            check(end >= 0 && end <= POOL.buffer().byteSize(), "pool offset " + end);
            for (int i = 0; i < POOL.count(); i++) {
                check(POOL.length(i) >= 14 && POOL.length(i) <= 65535, "frame length " + POOL.length(i));
                POOL.get(i, 0, POOL.length(i));
            }
            POOL.flush();
        } else {
            int frames = data.consumeInt(1, 4);
            for (int i = 0; i < frames; i++) {
                int len = data.consumeInt(0, 65535);
                int rc = TAP.send(FRAME, 0, len);
                check(rc == len || rc < 0, "send returned " + rc);
            }
            TAP.flush();
        }
        // our index, not the ring's: a descriptor may point at the rings, and a frame written
        // there (the guest's own memory) may overwrite them
        int advanced = (q.usedIndex() - start) & 0xffff;
        check(advanced <= size, "used ring advanced by " + advanced);
        for (long g : new long[] {0, GUARD + SIZE_A, GUARD * 2 + SIZE_A + SIZE_B}) {
            for (long i = 0; i < GUARD; i += 8) {
                check(ALL.get(ValueLayout.JAVA_LONG, g + i) == 0x5a5a5a5a5a5a5a5aL, "guard written at " + (g + i));
            }
        }
    }

    /** Mostly near the regions and their edges, sometimes anything at all. */
    private static long address(Source data) {
        return switch (data.consumeInt(0, 4)) {
            case 0 -> GPA_A + data.consumeLong(-64, SIZE_A + 64);
            case 1 -> GPA_B + data.consumeLong(-64, SIZE_B + 64);
            case 2 -> GPA_A + SIZE_A - data.consumeInt(0, 64);
            case 3 -> GPA_B + SIZE_B - data.consumeInt(0, 64);
            default -> data.consumeLong();
        };
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}

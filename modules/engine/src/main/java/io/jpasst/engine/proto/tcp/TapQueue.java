package io.jpasst.engine.proto.tcp;

import io.jpasst.engine.tap.TapBackend;
import io.jpasst.engine.packet.PacketBuffer;
import io.jpasst.sys.PacketMemory;
import java.lang.foreign.MemorySegment;

/**
 * Preallocated frame slots for segments towards the guest, written during a loop round and
 * sent together at its end ({@link #flush}), or earlier when every slot is taken. Each slot
 * holds one frame of up to {@link #SLOT_SIZE} bytes at a fixed offset, so a socket can be
 * peeked straight into the payload areas of several slots with one vector read.
 */
final class TapQueue {
    /** A full 64 KiB IP packet plus Ethernet header and SYN options, rounded up. */
    static final int SLOT_SIZE = 65536 + 256;

    private final TapBackend tap;
    private final MemorySegment frames;
    private final int slots;
    private final int[] length;
    private int used;
    private long sendErrors;

    TapQueue(TapBackend tap, int slots) {
        this.tap = tap;
        this.slots = slots;
        this.frames = PacketMemory.map((long) SLOT_SIZE * slots, PacketBuffer.NAME);
        this.length = new int[slots];
    }

    MemorySegment segment() {
        return frames;
    }

    /** Slots still free this round. */
    int free() {
        return slots - used;
    }

    /** Offset of the next free slot; call {@link #commit} once its frame is written. */
    long next() {
        return (long) used * SLOT_SIZE;
    }

    /** Offset of the i-th free slot from the next one on: for filling several at once. */
    long ahead(int i) {
        return (long) (used + i) * SLOT_SIZE;
    }

    void commit(int frameLen) {
        length[used++] = frameLen;
    }

    /** Makes sure a slot is free, flushing when all are taken. */
    void reserve(int n) {
        if (slots - used < n) {
            flush();
        }
    }

    /** Sends every queued frame in order. A frame the tap refuses is lost like on a wire. */
    void flush() {
        for (int i = 0; i < used; i++) {
            if (tap.send(frames, (long) i * SLOT_SIZE, length[i]) < 0) {
                sendErrors++;
            }
        }
        used = 0;
    }

    long sendErrors() {
        return sendErrors;
    }
}

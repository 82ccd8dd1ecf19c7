package io.jpasst.engine.packet;

import java.lang.foreign.MemorySegment;

/**
 * A bounded list of packets, each an (offset, length) descriptor into one shared segment.
 *
 * <p>Every {@link #add} and {@link #get} checks its bounds and rejects instead of letting a
 * caller read outside the buffer: a descriptor can never name bytes beyond the segment, and a
 * sub-range can never name bytes beyond its packet. Checks are written so they cannot overflow.
 */
public final class PacketPool {
    /** Largest packet a descriptor may hold: the 16-bit length of an IP datagram or frame. */
    public static final int MAX_PACKET = 65535;

    private final MemorySegment buffer;
    private final long bufferSize;
    private final long[] offsets;
    private final int[] lengths;
    private int count;

    public PacketPool(MemorySegment buffer, int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("pool capacity must be positive: " + capacity);
        }
        this.buffer = buffer;
        this.bufferSize = buffer.byteSize();
        this.offsets = new long[capacity];
        this.lengths = new int[capacity];
    }

    public MemorySegment buffer() {
        return buffer;
    }

    public int count() {
        return count;
    }

    public int capacity() {
        return offsets.length;
    }

    public boolean full() {
        return count == offsets.length;
    }

    /** Forgets every descriptor; the bytes stay where they are. */
    public void flush() {
        count = 0;
    }

    /**
     * Appends a packet at {@code offset} of {@code length} bytes.
     *
     * @return false, adding nothing, if the pool is full or the range is not inside the buffer
     */
    public boolean add(long offset, int length) {
        if (count == offsets.length || !inBuffer(offset, length)) {
            return false;
        }
        offsets[count] = offset;
        lengths[count] = length;
        count++;
        return true;
    }

    /** Length of packet {@code index}, or -1 if there is no such packet. */
    public int length(int index) {
        return index >= 0 && index < count ? lengths[index] : -1;
    }

    /**
     * Where bytes {@code [offset, offset + length)} of packet {@code index} sit in the buffer.
     *
     * @return the absolute offset in {@link #buffer()}, or -1 if the index is past the count or
     *         the range is not entirely inside that packet
     */
    public long get(int index, int offset, int length) {
        if (index < 0 || index >= count || offset < 0 || length < 0) {
            return -1;
        }
        int packetLength = lengths[index];
        if (offset > packetLength || length > packetLength - offset) {
            return -1;
        }
        long at = offsets[index] + offset;
        // The descriptor was checked on add; re-check so a corrupted table cannot escape.
        return inBuffer(at, length) ? at : -1;
    }

    private boolean inBuffer(long offset, int length) {
        return length >= 0 && length <= MAX_PACKET && offset >= 0
                && length <= bufferSize && offset <= bufferSize - length;
    }
}

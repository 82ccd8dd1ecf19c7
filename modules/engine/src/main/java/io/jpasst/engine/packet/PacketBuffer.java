package io.jpasst.engine.packet;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The one preallocated, page-aligned region that frames are read into. Pools hand out
 * (offset, length) descriptors over it; nothing on the data path allocates another buffer.
 */
public final class PacketBuffer {
    public static final long PAGE = 4096;

    private final MemorySegment segment;

    public PacketBuffer(long size) {
        if (size <= 0 || size % PAGE != 0) {
            throw new IllegalArgumentException("packet buffer size must be a positive multiple of "
                    + PAGE + ": " + size);
        }
        this.segment = Arena.ofAuto().allocate(size, PAGE);
    }

    public MemorySegment segment() {
        return segment;
    }

    public long size() {
        return segment.byteSize();
    }
}

package io.jpasst.engine.packet;

import io.jpasst.sys.PacketMemory;
import java.lang.foreign.MemorySegment;

/**
 * The one preallocated, page-aligned region that frames are read into. Pools hand out
 * (offset, length) descriptors over it; nothing on the data path allocates another buffer.
 */
public final class PacketBuffer {
    public static final long PAGE = 4096;
    /**
     * What the packet buffers are called in /proc/PID/smaps ({@code [anon:jpasst-packets]}).
     * They are mapped, not allocated: pages are touched only when frames use them.
     */
    public static final String NAME = "jpasst-packets";

    private final MemorySegment segment;

    public PacketBuffer(long size) {
        if (size <= 0 || size % PAGE != 0) {
            throw new IllegalArgumentException("packet buffer size must be a positive multiple of "
                    + PAGE + ": " + size);
        }
        this.segment = PacketMemory.map(size, NAME);
    }

    public MemorySegment segment() {
        return segment;
    }

    public long size() {
        return segment.byteSize();
    }
}

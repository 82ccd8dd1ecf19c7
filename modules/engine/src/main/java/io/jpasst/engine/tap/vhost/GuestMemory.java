package io.jpasst.engine.tap.vhost;

import io.jpasst.sys.Mman;
import java.lang.foreign.MemorySegment;

/**
 * The guest's memory as the front-end shared it: up to {@link #MAX_REGIONS} regions, each
 * known by its guest-physical address (what descriptors hold) and by the front-end's own
 * virtual address (what ring addresses are given in), backed by a segment we mapped.
 *
 * <p>Every lookup checks that the whole range {@code [addr, addr+len)} lies inside one
 * region, without overflow; callers then access the region's segment at the returned
 * offset, which is bounds-checked once more by the segment itself. Nothing outside the
 * regions is ever reachable through this class.
 */
public final class GuestMemory {
    public static final int MAX_REGIONS = 8;

    private final long[] gpa = new long[MAX_REGIONS];
    private final long[] uva = new long[MAX_REGIONS];
    private final long[] size = new long[MAX_REGIONS];
    private final MemorySegment[] seg = new MemorySegment[MAX_REGIONS];
    private final Mman.Mapping[] mapping = new Mman.Mapping[MAX_REGIONS];
    private int count;
    /** Set by the lookups: the offset of the found range inside its region. */
    private long offset;

    public int count() {
        return count;
    }

    /** Adds a region backed by {@code memory} (its byte size is the region's size). */
    public void add(long guestPhys, long userAddr, MemorySegment memory) {
        add(guestPhys, userAddr, memory, null);
    }

    /** Adds {@code map[offset, offset+len)}, a mapping of ours: {@link #clear} unmaps it. */
    void add(long guestPhys, long userAddr, Mman.Mapping map, long offset, long len) {
        add(guestPhys, userAddr, map.segment().asSlice(offset, len), map);
    }

    private void add(long guestPhys, long userAddr, MemorySegment memory, Mman.Mapping ours) {
        if (count == MAX_REGIONS) {
            throw new IllegalStateException("too many regions");
        }
        gpa[count] = guestPhys;
        uva[count] = userAddr;
        size[count] = memory.byteSize();
        seg[count] = memory;
        mapping[count] = ours;
        count++;
    }

    /** Forgets every region, unmapping those we mapped. */
    public void clear() {
        for (int i = 0; i < count; i++) {
            if (mapping[i] != null) {
                mapping[i].close();
                mapping[i] = null;
            }
            seg[i] = null;
        }
        count = 0;
    }

    /**
     * The region holding guest-physical {@code [addr, addr+len)} entirely, or -1; its offset
     * inside the region is then {@link #offset()}.
     */
    public int findGuest(long addr, long len) {
        return find(gpa, addr, len);
    }

    /** Same for an address in the front-end's address space (ring addresses). */
    public int findUser(long addr, long len) {
        return find(uva, addr, len);
    }

    private int find(long[] base, long addr, long len) {
        if (len < 0) {
            return -1;
        }
        for (int i = 0; i < count; i++) {
            // unsigned: addresses are 64-bit and the front-end may use the upper half
            long off = addr - base[i];
            if (Long.compareUnsigned(addr, base[i]) >= 0 && Long.compareUnsigned(off, size[i]) < 0
                    && len <= size[i] - off) {
                offset = off;
                return i;
            }
        }
        return -1;
    }

    public long offset() {
        return offset;
    }

    public MemorySegment segment(int region) {
        return seg[region];
    }
}

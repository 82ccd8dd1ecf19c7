package io.jpasst.sys;

import io.jpasst.sys.gen.process.process_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Large packet buffers as private anonymous mappings, as the C tools' static buffers are:
 * the kernel backs a page only when it is first written, so an idle or lightly used instance
 * holds a few pages of them, not megabytes ({@code Arena.allocate} zeroes, so touches, every
 * byte at start). The mappings are left out of core dumps (guest traffic has no place there),
 * which also marks them in /proc/PID/smaps ({@code dd} in VmFlags, on no other anonymous
 * mapping of the JVM); where the kernel has CONFIG_ANON_VMA_NAME they are also named
 * {@code [anon:NAME]}. Tests count the pages touched that way. A mapping is unmapped when
 * its segment becomes unreachable.
 */
public final class PacketMemory {
    private PacketMemory() {}

    private static final long SYS_MMAP = process_h.SYS_mmap();
    private static final long SYS_MUNMAP = process_h.SYS_munmap();
    private static final long SYS_MADVISE = process_h.SYS_madvise();

    /**
     * A zero-filled, read-write, page-aligned segment of {@code size} bytes whose pages are
     * touched only when used.
     *
     * @throws SysException if the kernel refuses the mapping
     */
    public static MemorySegment map(long size, String name) {
        if (size <= 0) {
            throw new IllegalArgumentException("mapping size must be positive: " + size);
        }
        long addr = Syscall.call(SYS_MMAP, 0, size, process_h.PROT_READ() | process_h.PROT_WRITE(),
                process_h.MAP_PRIVATE() | process_h.MAP_ANONYMOUS() | process_h.MAP_NORESERVE(), -1, 0);
        if (addr < 0) {
            throw new SysException("mmap", (int) -addr);
        }
        // Best effort, as the name below: the memory works the same without.
        Syscall.call(SYS_MADVISE, addr, size, process_h.MADV_DONTDUMP(), 0, 0, 0);
        try (Arena names = Arena.ofConfined()) {
            // The kernel copies the name.
            Proc.prctl(process_h.PR_SET_VMA(), process_h.PR_SET_VMA_ANON_NAME(), addr, size,
                    names.allocateFrom(name).address());
        }
        return MemorySegment.ofAddress(addr).reinterpret(size, Arena.ofAuto(),
                segment -> Syscall.call(SYS_MUNMAP, segment.address(), size, 0, 0, 0, 0));
    }
}

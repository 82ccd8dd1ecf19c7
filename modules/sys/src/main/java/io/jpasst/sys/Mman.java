package io.jpasst.sys;

import static io.jpasst.sys.Native.Mode.MAY_BLOCK;
import static io.jpasst.sys.Native.Mode.SHORT;

import io.jpasst.sys.gen.mman.mman_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Shared memory mappings: a vhost-user front-end's guest memory (descriptors received over
 * SCM_RIGHTS), and memfds standing in for it in tests. Control path only: mapping happens
 * when qemu sends its memory table, never per frame.
 */
public final class Mman {
    private Mman() {}

    public static final int PROT_READ = mman_h.PROT_READ();
    public static final int PROT_WRITE = mman_h.PROT_WRITE();
    public static final int MAP_SHARED = mman_h.MAP_SHARED();
    public static final int MFD_CLOEXEC = mman_h.MFD_CLOEXEC();

    private static final class MMAP {
        static final MethodHandle H = Native.downcall(mman_h.mmap$address(), mman_h.mmap$descriptor(), MAY_BLOCK, 0);
    }
    private static final class MUNMAP {
        static final MethodHandle H = Native.downcall(mman_h.munmap$address(), mman_h.munmap$descriptor(), MAY_BLOCK, 0);
    }
    private static final class MEMFD_CREATE {
        static final MethodHandle H = Native.downcall(mman_h.memfd_create$address(), mman_h.memfd_create$descriptor(), SHORT, 0);
    }
    private static final class FTRUNCATE {
        static final MethodHandle H = Native.downcall(mman_h.ftruncate$address(), mman_h.ftruncate$descriptor(), SHORT);
    }

    /**
     * A shared mapping. Its segment belongs to an arena of its own: {@link #close} unmaps,
     * after which any access through the segment (or a slice of it) throws instead of
     * touching memory that is gone.
     */
    public static final class Mapping implements AutoCloseable {
        private final Arena arena;
        private final MemorySegment segment;

        private Mapping(Arena arena, MemorySegment segment) {
            this.arena = arena;
            this.segment = segment;
        }

        /** Exactly the mapped bytes: every access is bounds-checked. */
        public MemorySegment segment() {
            return segment;
        }

        @Override
        public void close() {
            arena.close();
        }
    }

    /**
     * A shared read-write mapping of {@code len} bytes of {@code fd} from {@code offset}.
     *
     * @throws SysException when the kernel refuses (bad descriptor, size, offset)
     */
    public static Mapping mapShared(int fd, long len, long offset) {
        Scratch s = Scratch.get();
        MemorySegment p;
        try {
            p = (MemorySegment) MMAP.H.invokeExact(s.errno, 0L, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
        if (p.address() == -1L) {
            throw new SysException("mmap", s.errno());
        }
        Arena arena = Arena.ofShared();
        long address = p.address();
        return new Mapping(arena, p.reinterpret(len, arena, seg -> unmap(address, len)));
    }

    private static void unmap(long address, long len) {
        Scratch s = Scratch.get();
        try {
            int rc = (int) MUNMAP.H.invokeExact(s.errno, address, len);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** memfd_create(2) with close-on-exec and a size: the descriptor, or -errno. */
    public static int memfd(String name, long size) {
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cname = arena.allocateFrom(name);
            Scratch s = Scratch.get();
            try {
                fd = s.check((int) MEMFD_CREATE.H.invokeExact(s.errno, cname.address(), MFD_CLOEXEC));
            } catch (Throwable t) {
                throw Native.fail(t);
            }
        }
        if (fd < 0) {
            return fd;
        }
        Scratch s = Scratch.get();
        int rc;
        try {
            rc = s.check((int) FTRUNCATE.H.invokeExact(s.errno, fd, size));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
        if (rc < 0) {
            Fd.close(fd);
            return rc;
        }
        return fd;
    }
}

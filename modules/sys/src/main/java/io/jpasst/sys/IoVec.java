package io.jpasst.sys;

import io.jpasst.sys.gen.socket.iovec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * struct iovec entries in caller-owned arrays. Bases are raw addresses (for example
 * {@code buffer.address() + offset}) so filling a vector per batch allocates nothing.
 */
public final class IoVec {
    private IoVec() {}

    public static final int SIZE = (int) iovec.sizeof();
    public static final long BASE_OFF = iovec.iov_base$offset();
    public static final long LEN_OFF = iovec.iov_len$offset();
    // pointers are written as 64-bit integers: the raw address the caller computed
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;

    /** Writes the iovec at {@code seg[off]}. */
    public static void set(MemorySegment seg, long off, long base, long len) {
        seg.set(WORD, off + BASE_OFF, base);
        seg.set(WORD, off + LEN_OFF, len);
    }

    /** Writes entry {@code i} of an iovec array starting at {@code seg[off]}. */
    public static void setAt(MemorySegment seg, long off, int i, long base, long len) {
        set(seg, off + (long) i * SIZE, base, len);
    }

    public static long base(MemorySegment seg, long off) {
        return seg.get(WORD, off + BASE_OFF);
    }

    public static long len(MemorySegment seg, long off) {
        return seg.get(WORD, off + LEN_OFF);
    }
}

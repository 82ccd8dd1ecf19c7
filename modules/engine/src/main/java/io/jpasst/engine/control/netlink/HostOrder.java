package io.jpasst.engine.control.netlink;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Native-byte-order field access: netlink headers and attributes are host-endian, unlike
 * the packet headers handled by {@code Be}. Unsigned widening is done here once.
 */
final class HostOrder {
    private HostOrder() {}

    static int u8(MemorySegment s, long off) {
        return s.get(ValueLayout.JAVA_BYTE, off) & 0xff;
    }

    static int u16(MemorySegment s, long off) {
        return s.get(ValueLayout.JAVA_SHORT_UNALIGNED, off) & 0xffff;
    }

    static int i32(MemorySegment s, long off) {
        return s.get(ValueLayout.JAVA_INT_UNALIGNED, off);
    }

    static void u8(MemorySegment s, long off, int v) {
        s.set(ValueLayout.JAVA_BYTE, off, (byte) v);
    }

    static void u16(MemorySegment s, long off, int v) {
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED, off, (short) v);
    }

    static void i32(MemorySegment s, long off, int v) {
        s.set(ValueLayout.JAVA_INT_UNALIGNED, off, v);
    }
}

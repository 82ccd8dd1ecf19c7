package io.jpasst.engine.ip;

import io.jpasst.engine.packet.Be;
import java.lang.foreign.MemorySegment;

/**
 * The Internet checksum (RFC 1071) as partial sums that chain: {@code sum} adds a byte range to
 * an accumulator, {@code fold}/{@code finish} reduce it at the end. The ones'-complement sum
 * does not care about word width, so the range is summed as 64-bit big-endian words split into
 * 32-bit halves, folded only once at the end. Every range but the last of a chain must have
 * even length: an odd range pads its last byte as the high half of a 16-bit word.
 * Unaligned starts are fine (the reads are unaligned; the sum is relative to the range start).
 */
public final class Checksum {
    private Checksum() {}

    /** Adds {@code s[off .. off+len)} to {@code acc}; {@code acc} may be any earlier result. */
    public static long sum(MemorySegment s, long off, int len, long acc) {
        // Keep the accumulator below 2^33 going in so 2^31 bytes of 8-byte adds cannot overflow.
        long total = (acc >>> 32) + (acc & 0xffff_ffffL);
        long i = off;
        long end = off + len;
        while (end - i >= 8) {
            long w = Be.u64(s, i);
            total += (w >>> 32) + (w & 0xffff_ffffL);
            i += 8;
        }
        if (end - i >= 4) {
            total += Be.u32l(s, i);
            i += 4;
        }
        if (end - i >= 2) {
            total += Be.u16(s, i);
            i += 2;
        }
        if (end - i == 1) {
            total += (long) Be.u8(s, i) << 8;
        }
        return total;
    }

    /** Folds a partial sum into 16 bits with end-around carry. */
    public static int fold(long acc) {
        long s = acc;
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }

    /** The value to store in a checksum field: the complement of the folded sum. */
    public static int finish(long acc) {
        return ~fold(acc) & 0xffff;
    }

    /** Like {@link #finish} for UDP, where a computed 0 is sent as 0xffff (0 means "none"). */
    public static int finishUdp(long acc) {
        int c = finish(acc);
        return c == 0 ? 0xffff : c;
    }

    /** Pseudo-header partial sum for an IPv4 upper-layer checksum (RFC 768/793). */
    public static long pseudoIpv4(int src, int dst, int proto, int l4Len) {
        return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + proto + (long) l4Len;
    }

    /** Pseudo-header partial sum for an IPv6 upper-layer checksum (RFC 8200, 8.1). */
    public static long pseudoIpv6(long srcHi, long srcLo, long dstHi, long dstLo, int nextHeader, int l4Len) {
        return halves(srcHi) + halves(srcLo) + halves(dstHi) + halves(dstLo) + nextHeader
                + ((long) l4Len & 0xffff_ffffL);
    }

    private static long halves(long w) {
        return (w >>> 32) + (w & 0xffff_ffffL);
    }

    /** True when an IPv4 header of {@code ihlBytes} verifies (its sum including the field folds to 0xffff). */
    public static boolean verifiesIpv4Header(MemorySegment s, long off, int ihlBytes) {
        return fold(sum(s, off, ihlBytes, 0)) == 0xffff;
    }

    /** True when an L4 segment (checksum field included) verifies against a pseudo-header sum. */
    public static boolean verifiesL4(MemorySegment s, long l4Off, int l4Len, long pseudo) {
        return fold(sum(s, l4Off, l4Len, pseudo)) == 0xffff;
    }
}

package io.jpasst.engine.packet.ip;

import io.jpasst.engine.packet.Be;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071) as partial sums that chain: {@code sum} adds a byte range to
 * an accumulator, {@code fold}/{@code finish} reduce it at the end. Every range but the last
 * of a chain must have even length: an odd range pads its last byte as the high half of a
 * 16-bit word. Unaligned starts are fine (the sum is relative to the range start).
 *
 * <p>Why the range is read as little-endian 32-bit words: the ones'-complement sum does not
 * care about word width nor byte order (RFC 1071 2(B): summing byte-swapped words gives the
 * byte-swapped sum), and a plain loop of 32-bit loads widened into a long is one the JIT
 * turns into vector instructions: about ten times faster on 64 KiB than big-endian reads,
 * and the checksum of every 64 KiB segment towards the guest is on the hot path.
 */
public final class Checksum {
    private static final ValueLayout.OfInt LE32 =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort LE16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Checksum() {}

    /** Adds {@code s[off .. off+len)} to {@code acc}; {@code acc} may be any earlier result. */
    public static long sum(MemorySegment s, long off, int len, long acc) {
        long total = 0;
        int words = len >>> 2;
        // An int counter and a single widening add: the shape C2 vectorizes.
        for (int k = 0; k < words; k++) {
            total += s.get(LE32, off + 4L * k) & 0xffff_ffffL;
        }
        long i = off + 4L * words;
        long end = off + len;
        if (end - i >= 2) {
            total += s.get(LE16, i) & 0xffff;
            i += 2;
        }
        if (end - i == 1) {
            total += Be.u8(s, i); // the high half of a big-endian word: the low one here
        }
        int le = fold(total);
        return acc + (((le & 0xff) << 8) | (le >>> 8));
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

package io.jpasst.engine.packet.ip;

import io.jpasst.engine.packet.Be;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IPv6 header layout, constants and the header builder. On the data path an address is two
 * {@code long}s: {@code hi} holds bytes 0..7 and {@code lo} bytes 8..15, both big-endian, so
 * fe80::1 is (0xfe80000000000000L, 1L). Comparisons and stores need no arrays.
 */
public final class Ipv6 {
    public static final int VER_TC_FLOW = 0;
    public static final int PAYLOAD_LEN = 4;
    public static final int NEXT_HEADER = 6;
    public static final int HOP_LIMIT = 7;
    public static final int SRC = 8;
    public static final int DST = 24;
    public static final int HLEN = 40;

    public static final int NH_HOP_BY_HOP = 0;
    public static final int NH_TCP = 6;
    public static final int NH_UDP = 17;
    public static final int NH_ROUTING = 43;
    public static final int NH_FRAGMENT = 44;
    public static final int NH_AH = 51;
    public static final int NH_ICMPV6 = 58;
    public static final int NH_NONE = 59;
    public static final int NH_DEST_OPTS = 60;

    public static final int DEFAULT_HOP_LIMIT = 64;

    /** ff02::1, all nodes on the link. */
    public static final long ALL_NODES_HI = 0xff02_0000_0000_0000L;
    public static final long ALL_NODES_LO = 1L;

    private Ipv6() {}

    public static long hi(MemorySegment s, long addrOff) {
        return Be.u64(s, addrOff);
    }

    public static long lo(MemorySegment s, long addrOff) {
        return Be.u64(s, addrOff + 8);
    }

    public static void address(MemorySegment s, long addrOff, long hi, long lo) {
        Be.u64(s, addrOff, hi);
        Be.u64(s, addrOff + 8, lo);
    }

    public static boolean isUnspecified(long hi, long lo) {
        return hi == 0 && lo == 0;
    }

    public static boolean isLinkLocal(long hi) {
        return (hi >>> 54) == (0xfe80L >>> 6);
    }

    public static boolean isMulticast(long hi) {
        return (hi >>> 56) == 0xff;
    }

    /** Writes a 40-byte header; {@code payloadLen} excludes it. */
    public static void header(MemorySegment s, long off, int payloadLen, int nextHeader, int hopLimit,
                              long srcHi, long srcLo, long dstHi, long dstLo) {
        Be.u32(s, off + VER_TC_FLOW, 0x6000_0000);
        Be.u16(s, off + PAYLOAD_LEN, payloadLen);
        Be.u8(s, off + NEXT_HEADER, nextHeader);
        Be.u8(s, off + HOP_LIMIT, hopLimit);
        address(s, off + SRC, srcHi, srcLo);
        address(s, off + DST, dstHi, dstLo);
    }

    /** Link-local fe80::/64 address with the modified EUI-64 interface id of {@code mac}. */
    public static long linkLocalLoFromMac(long mac) {
        long oui = (mac >>> 24) ^ 0x02_0000L;
        return (oui << 40) | (0xfffeL << 24) | (mac & 0xff_ffffL);
    }

    public static final long LINK_LOCAL_HI = 0xfe80_0000_0000_0000L;

    /** Parses an IPv6 literal into {hi, lo}; for configuration, not the data path. */
    public static long[] parse(String text) {
        try {
            InetAddress a = InetAddress.getByName(text.indexOf(':') >= 0 ? text : "invalid:" + text);
            if (!(a instanceof Inet6Address)) {
                throw new IllegalArgumentException("not an IPv6 address: " + text);
            }
            MemorySegment s = MemorySegment.ofArray(a.getAddress());
            return new long[] {hi(s, 0), lo(s, 0)};
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + text, e);
        }
    }
}

package io.jpasst.engine.packet.ip;

import io.jpasst.engine.packet.Be;
import java.lang.foreign.MemorySegment;

/**
 * Ethernet II header layout and accessors. MAC addresses travel as the low 48 bits of a
 * {@code long} (00:11:22:33:44:55 == 0x001122334455L) so they can be compared and stored
 * without arrays.
 */
public final class Eth {
    public static final int DST = 0;
    public static final int SRC = 6;
    public static final int TYPE = 12;
    public static final int HLEN = 14;

    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    public static final int TYPE_IPV6 = 0x86dd;

    public static final long BROADCAST = 0xffff_ffff_ffffL;

    private Eth() {}

    /** Reads a MAC address (6 bytes) at {@code off}. */
    public static long mac(MemorySegment s, long off) {
        return ((long) Be.u16(s, off) << 32) | Be.u32l(s, off + 2);
    }

    /** Writes the low 48 bits of {@code mac} at {@code off}. */
    public static void mac(MemorySegment s, long off, long mac) {
        Be.u16(s, off, (int) (mac >>> 32));
        Be.u32(s, off + 2, (int) mac);
    }

    /** Writes a full Ethernet header at {@code off}. */
    public static void header(MemorySegment s, long off, long dst, long src, int type) {
        mac(s, off + DST, dst);
        mac(s, off + SRC, src);
        Be.u16(s, off + TYPE, type);
    }

    /** The multicast MAC (33:33:xx:xx:xx:xx) an IPv6 multicast address maps to (RFC 2464). */
    public static long ipv6Multicast(long dstLo) {
        return 0x3333_0000_0000L | (dstLo & 0xffff_ffffL);
    }

    /** Parses "aa:bb:cc:dd:ee:ff"; for configuration, not the data path. */
    public static long parseMac(String text) {
        String[] parts = text.split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long mac = 0;
        for (String p : parts) {
            mac = (mac << 8) | Integer.parseInt(p, 16);
        }
        return mac;
    }
}

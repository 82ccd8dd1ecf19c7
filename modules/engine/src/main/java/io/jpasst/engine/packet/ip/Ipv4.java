package io.jpasst.engine.packet.ip;

import io.jpasst.engine.packet.Be;
import java.lang.foreign.MemorySegment;

/**
 * IPv4 header layout, constants and the header builder. Addresses are {@code int}s in host
 * arithmetic order: 192.0.2.1 == 0xC0000201, read and written big-endian.
 */
public final class Ipv4 {
    public static final int VER_IHL = 0;
    public static final int TOS = 1;
    public static final int TOTAL_LEN = 2;
    public static final int ID = 4;
    public static final int FRAG = 6;
    public static final int TTL = 8;
    public static final int PROTO = 9;
    public static final int CHECKSUM = 10;
    public static final int SRC = 12;
    public static final int DST = 16;
    public static final int HLEN = 20;

    /** More-fragments flag and fragment offset bits of the FRAG field. */
    public static final int MF_AND_OFFSET = 0x3fff;

    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;

    public static final int BROADCAST = 0xffff_ffff;
    public static final int DEFAULT_TTL = 64;

    private Ipv4() {}

    /**
     * Writes a 20-byte header without options, including its checksum. {@code totalLen}
     * counts the header and the payload. DF is set: we never fragment.
     */
    public static void header(MemorySegment s, long off, int totalLen, int proto, int src, int dst) {
        Be.u8(s, off + VER_IHL, 0x45);
        Be.u8(s, off + TOS, 0);
        Be.u16(s, off + TOTAL_LEN, totalLen);
        Be.u16(s, off + ID, 0);
        Be.u16(s, off + FRAG, 0x4000);
        Be.u8(s, off + TTL, DEFAULT_TTL);
        Be.u8(s, off + PROTO, proto);
        Be.u16(s, off + CHECKSUM, 0);
        Be.u32(s, off + SRC, src);
        Be.u32(s, off + DST, dst);
        Be.u16(s, off + CHECKSUM, Checksum.finish(Checksum.sum(s, off, HLEN, 0)));
    }

    /** Netmask for a prefix length 0..32: 24 gives 0xffffff00. */
    public static int mask(int prefixLen) {
        return prefixLen == 0 ? 0 : -1 << (32 - prefixLen);
    }

    /** Parses dotted-quad text; for configuration, not the data path. */
    public static int parse(String text) {
        String[] parts = text.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int a = 0;
        for (String p : parts) {
            int v = Integer.parseInt(p);
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            a = (a << 8) | v;
        }
        return a;
    }

    public static String toString(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }
}

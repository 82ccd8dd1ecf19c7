package io.jpasst.engine.packet.ip;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Independent, deliberately naive Internet checksum for tests: a 16-bit word loop that builds
 * pseudo-headers byte by byte, sharing no code with {@link Checksum}.
 */
public final class RefChecksum {
    private RefChecksum() {}

    public static int sum16(byte[] b, int off, int len, long initial) {
        long sum = initial;
        for (int i = 0; i < len; i += 2) {
            int hi = b[off + i] & 0xff;
            int lo = i + 1 < len ? b[off + i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
            while (sum > 0xffff) {
                sum = (sum & 0xffff) + (sum >>> 16);
            }
        }
        return (int) sum;
    }

    static byte[] bytes(MemorySegment s, long off, int len) {
        byte[] b = new byte[len];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, off, b, 0, len);
        return b;
    }

    /** True when the IPv4 header at {@code ipOff} and the L4 data after it verify. */
    public static boolean ipv4FrameOk(MemorySegment s, long ipOff) {
        byte[] ip = bytes(s, ipOff, 20);
        if (sum16(ip, 0, 20, 0) != 0xffff) {
            return false;
        }
        int total = ((ip[2] & 0xff) << 8) | (ip[3] & 0xff);
        int proto = ip[9] & 0xff;
        byte[] l4 = bytes(s, ipOff + 20, total - 20);
        long pseudo = 0;
        if (proto != 1) {
            byte[] ph = new byte[12];
            System.arraycopy(ip, 12, ph, 0, 8);
            ph[9] = (byte) proto;
            ph[10] = (byte) (l4.length >> 8);
            ph[11] = (byte) l4.length;
            pseudo = sum16(ph, 0, 12, 0);
        }
        return sum16(l4, 0, l4.length, pseudo) == 0xffff;
    }

    /** True when the L4 data of an IPv6 packet without extension headers verifies. */
    public static boolean ipv6FrameOk(MemorySegment s, long ipOff) {
        byte[] ip = bytes(s, ipOff, 40);
        int plen = ((ip[4] & 0xff) << 8) | (ip[5] & 0xff);
        byte[] l4 = bytes(s, ipOff + 40, plen);
        byte[] ph = new byte[40];
        System.arraycopy(ip, 8, ph, 0, 32);
        ph[34] = (byte) (plen >> 8);
        ph[35] = (byte) plen;
        ph[39] = ip[6];
        return sum16(l4, 0, l4.length, sum16(ph, 0, 40, 0)) == 0xffff;
    }
}

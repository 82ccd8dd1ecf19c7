package io.jpasst.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** TCP segments in a pcap file of Ethernet frames (what pasta's {@code -p} writes). */
final class PcapTcp {
    private static final int RST = 0x04;

    private PcapTcp() {}

    /** Segments with the RST flag, either direction, IPv4 and IPv6. */
    static int resets(Path pcap) {
        ByteBuffer b;
        try {
            b = ByteBuffer.wrap(Files.readAllBytes(pcap));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        b.order(b.getInt(0) == 0xa1b2c3d4 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int n = 0;
        int pos = 24;
        while (pos + 16 <= b.limit()) {
            int len = b.getInt(pos + 8);
            int frame = pos + 16;
            pos = frame + len;
            if (pos > b.limit() || len < 14) {
                break;
            }
            int flags = tcpFlags(b, frame, len);
            if (flags >= 0 && (flags & RST) != 0) {
                n++;
            }
        }
        return n;
    }

    /** The TCP flags byte of a frame, or -1 if it is not TCP (IPv6 without extension headers). */
    private static int tcpFlags(ByteBuffer b, int frame, int len) {
        int type = Short.toUnsignedInt(b.duplicate().order(ByteOrder.BIG_ENDIAN).getShort(frame + 12));
        int ip = frame + 14;
        int tcp;
        if (type == 0x0800 && len >= 14 + 20) {
            if ((b.get(ip + 9) & 0xff) != 6) {
                return -1;
            }
            tcp = ip + (b.get(ip) & 0x0f) * 4;
        } else if (type == 0x86dd && len >= 14 + 40) {
            if ((b.get(ip + 6) & 0xff) != 6) {
                return -1;
            }
            tcp = ip + 40;
        } else {
            return -1;
        }
        return tcp + 14 <= frame + len ? b.get(tcp + 13) & 0xff : -1;
    }
}

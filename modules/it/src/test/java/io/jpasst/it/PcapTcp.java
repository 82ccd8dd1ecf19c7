package io.jpasst.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** TCP segments in a pcap file of Ethernet frames (what pasta's {@code -p} writes). */
final class PcapTcp {
    static final int FIN = 0x01;
    static final int RST = 0x04;
    static final int ACK = 0x10;

    /** One segment: capture time in microseconds, ports, flags, sequence and acknowledgement numbers, payload bytes. */
    record Segment(long micros, int srcPort, int dstPort, int flags, long seq, long ack, int payload) {
        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    private PcapTcp() {}

    /** Segments with the RST flag, either direction, IPv4 and IPv6. */
    static int resets(Path pcap) {
        return (int) segments(pcap).stream().filter(s -> s.has(RST)).count();
    }

    /** Every TCP segment of the capture, in order (IPv6 without extension headers). */
    static List<Segment> segments(Path pcap) {
        ByteBuffer b;
        try {
            b = ByteBuffer.wrap(Files.readAllBytes(pcap));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteOrder order = b.getInt(0) == 0xa1b2c3d4 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        b.order(order);
        // Nanosecond captures carry the magic 0xa1b23c4d.
        boolean nanos = b.getInt(0) == 0xa1b23c4d || Integer.reverseBytes(b.getInt(0)) == 0xa1b23c4d;
        ByteBuffer net = b.duplicate().order(ByteOrder.BIG_ENDIAN);
        List<Segment> out = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= b.limit()) {
            long micros = Integer.toUnsignedLong(b.getInt(pos)) * 1_000_000L
                    + Integer.toUnsignedLong(b.getInt(pos + 4)) / (nanos ? 1000 : 1);
            int len = b.getInt(pos + 8);
            int frame = pos + 16;
            pos = frame + len;
            if (pos > b.limit() || len < 14) {
                break;
            }
            Segment s = segment(net, frame, len, micros);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static Segment segment(ByteBuffer b, int frame, int len, long micros) {
        int type = Short.toUnsignedInt(b.getShort(frame + 12));
        int ip = frame + 14;
        int tcp;
        int end;
        if (type == 0x0800 && len >= 14 + 20) {
            if ((b.get(ip + 9) & 0xff) != 6) {
                return null;
            }
            tcp = ip + (b.get(ip) & 0x0f) * 4;
            end = ip + Short.toUnsignedInt(b.getShort(ip + 2));
        } else if (type == 0x86dd && len >= 14 + 40) {
            if ((b.get(ip + 6) & 0xff) != 6) {
                return null;
            }
            tcp = ip + 40;
            end = tcp + Short.toUnsignedInt(b.getShort(ip + 4));
        } else {
            return null;
        }
        if (tcp + 20 > frame + len) {
            return null;
        }
        int payload = end - tcp - ((b.get(tcp + 12) & 0xf0) >> 2);
        return new Segment(micros, Short.toUnsignedInt(b.getShort(tcp)), Short.toUnsignedInt(b.getShort(tcp + 2)),
                b.get(tcp + 13) & 0xff, Integer.toUnsignedLong(b.getInt(tcp + 4)),
                Integer.toUnsignedLong(b.getInt(tcp + 8)), Math.max(0, payload));
    }
}

package io.jpasst.engine.proto.tcp;

import io.jpasst.engine.packet.ip.Checksum;
import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.ip.Tcp;
import io.jpasst.engine.packet.Be;
import java.lang.foreign.MemorySegment;

/**
 * Builds TCP segments towards the guest around a payload already placed at the fixed payload
 * offset ({@link #PAYLOAD4} / {@link #PAYLOAD6} past the frame start): the payload is peeked
 * from the socket straight into the frame, so only headers are written here. The checksum
 * starts from the flow's precomputed pseudo-header sum of its addresses ({@link #pseudoBase4},
 * {@link #pseudoBase6}), adding only the length per segment.
 *
 * <p>SYN segments carry options (MSS, window scale) between the header and the payload; SYNs
 * never carry payload here, so the payload offset stays fixed for data segments.
 */
public final class TcpFrames {
    public static final int PAYLOAD4 = Frames.IPV4_L4 + Tcp.HLEN;
    public static final int PAYLOAD6 = Frames.IPV6_L4 + Tcp.HLEN;
    /** MSS (4 bytes), NOP, window scale (3 bytes). */
    static final int SYN_OPTIONS = 8;

    private TcpFrames() {}

    public static long pseudoBase4(int src, int dst) {
        return Checksum.pseudoIpv4(src, dst, Ipv4.PROTO_TCP, 0);
    }

    public static long pseudoBase6(long srcHi, long srcLo, long dstHi, long dstLo) {
        return Checksum.pseudoIpv6(srcHi, srcLo, dstHi, dstLo, Ipv6.NH_TCP, 0);
    }

    /**
     * Writes the headers of one segment at {@code off}; returns the frame length.
     *
     * @param mss     for a SYN: the MSS option to send (0: none)
     * @param wscale  for a SYN: the window scale option, or {@link TcpSegment#NO_WSCALE}
     */
    public static int build(MemorySegment s, long off, boolean v6, long dstMac, long srcMac,
                            long srcHi, long srcLo, long dstHi, long dstLo, long pseudoBase,
                            int srcPort, int dstPort, int seq, int ack, int flags, int window,
                            int mss, int wscale, int payloadLen) {
        int optLen = (flags & Tcp.SYN) != 0 ? SYN_OPTIONS : 0;
        int tcpLen = Tcp.HLEN + optLen + payloadLen;
        long l4;
        if (v6) {
            Eth.header(s, off, dstMac, srcMac, Eth.TYPE_IPV6);
            Ipv6.header(s, off + Eth.HLEN, tcpLen, Ipv6.NH_TCP, Ipv6.DEFAULT_HOP_LIMIT, srcHi, srcLo, dstHi, dstLo);
            l4 = off + Frames.IPV6_L4;
        } else {
            Eth.header(s, off, dstMac, srcMac, Eth.TYPE_IPV4);
            Ipv4.header(s, off + Eth.HLEN, Ipv4.HLEN + tcpLen, Ipv4.PROTO_TCP, (int) srcLo, (int) dstLo);
            l4 = off + Frames.IPV4_L4;
        }
        Be.u16(s, l4 + Tcp.SRC_PORT, srcPort);
        Be.u16(s, l4 + Tcp.DST_PORT, dstPort);
        Be.u32(s, l4 + Tcp.SEQ, seq);
        Be.u32(s, l4 + Tcp.ACK, ack);
        Be.u8(s, l4 + Tcp.DATA_OFF, ((Tcp.HLEN + optLen) / 4) << 4);
        Be.u8(s, l4 + Tcp.FLAGS, flags);
        Be.u16(s, l4 + Tcp.WINDOW, Math.min(window, 0xffff));
        Be.u16(s, l4 + Tcp.CHECKSUM, 0);
        Be.u16(s, l4 + Tcp.URGENT, 0);
        if (optLen != 0) {
            long o = l4 + Tcp.HLEN;
            Be.u8(s, o, TcpSegment.OPT_MSS);
            Be.u8(s, o + 1, 4);
            Be.u16(s, o + 2, mss);
            Be.u8(s, o + 4, TcpSegment.OPT_NOP);
            Be.u8(s, o + 5, wscale < 0 ? TcpSegment.OPT_NOP : TcpSegment.OPT_WS);
            Be.u8(s, o + 6, wscale < 0 ? TcpSegment.OPT_NOP : 3);
            Be.u8(s, o + 7, wscale < 0 ? TcpSegment.OPT_NOP : wscale);
        }
        Be.u16(s, l4 + Tcp.CHECKSUM, Checksum.finish(Checksum.sum(s, l4, tcpLen, pseudoBase + tcpLen)));
        return (int) (l4 - off) + tcpLen;
    }
}

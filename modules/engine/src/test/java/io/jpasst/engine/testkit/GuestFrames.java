package io.jpasst.engine.testkit;

import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Icmp;
import io.jpasst.engine.packet.ip.Tcp;
import io.jpasst.engine.proto.tcp.TcpFrames;
import io.jpasst.engine.proto.tcp.TcpSegment;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Frames as a guest sends them, from one IPv4 guest to us: written into {@link #frame()}
 * (large enough for any frame), each method returning the frame's length, headers and
 * checksums filled in. Tests that corrupt a frame on purpose do so in {@link #frame()}
 * afterwards.
 */
public final class GuestFrames {
    private final MemorySegment frame = Arena.ofAuto().allocate(70000, 8);
    private final long guestMac;
    private final long ourMac;
    private final int guest;

    public GuestFrames(long guestMac, long ourMac, int guest) {
        this.guestMac = guestMac;
        this.ourMac = ourMac;
        this.guest = guest;
    }

    public MemorySegment frame() {
        return frame;
    }

    /**
     * A TCP/IPv4 segment from the guest's {@code srcPort} to {@code dst:dstPort}; a SYN carries
     * the MSS 1460 and window scale 7 options.
     */
    public int tcp4(int dst, int srcPort, int dstPort, int seq, int ack, int flags, int window, byte[] payload) {
        boolean syn = (flags & Tcp.SYN) != 0;
        return tcp4(dst, srcPort, dstPort, seq, ack, flags, window, syn ? 1460 : 0,
                syn ? 7 : TcpSegment.NO_WSCALE, payload);
    }

    /** A TCP/IPv4 segment with the MSS and window scale options given (0 / NO_WSCALE: none). */
    public int tcp4(int dst, int srcPort, int dstPort, int seq, int ack, int flags, int window, int mss,
            int wscale, byte[] payload) {
        MemorySegment.copy(payload, 0, frame, ValueLayout.JAVA_BYTE, TcpFrames.PAYLOAD4, payload.length);
        return TcpFrames.build(frame, 0, false, ourMac, guestMac, 0, guest, 0, dst,
                TcpFrames.pseudoBase4(guest, dst), srcPort, dstPort, seq, ack, flags, window, mss, wscale,
                payload.length);
    }

    /** A UDP/IPv4 datagram from the guest's {@code srcPort} to {@code dst:dstPort}. */
    public int udp4(int dst, int srcPort, int dstPort, byte[] payload) {
        MemorySegment.copy(payload, 0, frame, ValueLayout.JAVA_BYTE, Frames.UDP4_PAYLOAD, payload.length);
        return Frames.udp4(frame, 0, ourMac, guestMac, guest, dst, srcPort, dstPort, payload.length);
    }

    /** An ICMP echo request to {@code dst} with identifier {@code id} and sequence {@code seq}. */
    public int echo4(int dst, int id, int seq, byte[] payload) {
        long m = Frames.IPV4_L4;
        Be.u8(frame, m + Icmp.TYPE, Icmp.V4_ECHO_REQUEST);
        Be.u8(frame, m + Icmp.CODE, 0);
        Be.u16(frame, m + Icmp.ECHO_ID, id);
        Be.u16(frame, m + Icmp.ECHO_SEQ, seq);
        MemorySegment.copy(payload, 0, frame, ValueLayout.JAVA_BYTE, m + Icmp.HLEN, payload.length);
        return Frames.icmp4(frame, 0, ourMac, guestMac, guest, dst, Icmp.HLEN + payload.length);
    }
}

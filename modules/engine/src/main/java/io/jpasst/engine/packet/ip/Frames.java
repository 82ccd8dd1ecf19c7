package io.jpasst.engine.packet.ip;

import io.jpasst.engine.packet.Be;
import java.lang.foreign.MemorySegment;

/**
 * Builds the headers of frames towards the guest around an upper-layer payload that the caller
 * already wrote at the fixed payload offset ({@code UDP4_PAYLOAD} etc. past the frame start).
 * Each method fills Ethernet, IP and L4 headers, computes the checksums and returns the frame
 * length. Capacity checks are the caller's: it knows the payload length before writing it.
 */
public final class Frames {
    public static final int IPV4_L4 = Eth.HLEN + Ipv4.HLEN;
    public static final int IPV6_L4 = Eth.HLEN + Ipv6.HLEN;
    public static final int UDP4_PAYLOAD = IPV4_L4 + Udp.HLEN;
    public static final int UDP6_PAYLOAD = IPV6_L4 + Udp.HLEN;

    private Frames() {}

    /** UDP/IPv4 frame; the UDP payload is at {@code frameOff + UDP4_PAYLOAD}. */
    public static int udp4(MemorySegment s, long frameOff, long dstMac, long srcMac, int src, int dst,
                           int srcPort, int dstPort, int payloadLen) {
        int udpLen = Udp.HLEN + payloadLen;
        Eth.header(s, frameOff, dstMac, srcMac, Eth.TYPE_IPV4);
        Ipv4.header(s, frameOff + Eth.HLEN, Ipv4.HLEN + udpLen, Ipv4.PROTO_UDP, src, dst);
        long u = frameOff + IPV4_L4;
        udpHeader(s, u, srcPort, dstPort, udpLen);
        Be.u16(s, u + Udp.CHECKSUM, Checksum.finishUdp(
                Checksum.sum(s, u, udpLen, Checksum.pseudoIpv4(src, dst, Ipv4.PROTO_UDP, udpLen))));
        return IPV4_L4 + udpLen;
    }

    /** UDP/IPv6 frame; the UDP payload is at {@code frameOff + UDP6_PAYLOAD}. */
    public static int udp6(MemorySegment s, long frameOff, long dstMac, long srcMac,
                           long srcHi, long srcLo, long dstHi, long dstLo,
                           int srcPort, int dstPort, int payloadLen) {
        int udpLen = Udp.HLEN + payloadLen;
        Eth.header(s, frameOff, dstMac, srcMac, Eth.TYPE_IPV6);
        Ipv6.header(s, frameOff + Eth.HLEN, udpLen, Ipv6.NH_UDP, Ipv6.DEFAULT_HOP_LIMIT, srcHi, srcLo, dstHi, dstLo);
        long u = frameOff + IPV6_L4;
        udpHeader(s, u, srcPort, dstPort, udpLen);
        Be.u16(s, u + Udp.CHECKSUM, Checksum.finishUdp(Checksum.sum(s, u, udpLen,
                Checksum.pseudoIpv6(srcHi, srcLo, dstHi, dstLo, Ipv6.NH_UDP, udpLen))));
        return IPV6_L4 + udpLen;
    }

    /** ICMP/IPv4 frame; the ICMP message (type first) is at {@code frameOff + IPV4_L4}. */
    public static int icmp4(MemorySegment s, long frameOff, long dstMac, long srcMac, int src, int dst, int icmpLen) {
        Eth.header(s, frameOff, dstMac, srcMac, Eth.TYPE_IPV4);
        Ipv4.header(s, frameOff + Eth.HLEN, Ipv4.HLEN + icmpLen, Ipv4.PROTO_ICMP, src, dst);
        long m = frameOff + IPV4_L4;
        Be.u16(s, m + Icmp.CHECKSUM, 0);
        Be.u16(s, m + Icmp.CHECKSUM, Checksum.finish(Checksum.sum(s, m, icmpLen, 0)));
        return IPV4_L4 + icmpLen;
    }

    /** ICMPv6/IPv6 frame; the ICMPv6 message is at {@code frameOff + IPV6_L4}. */
    public static int icmp6(MemorySegment s, long frameOff, long dstMac, long srcMac, int hopLimit,
                            long srcHi, long srcLo, long dstHi, long dstLo, int icmpLen) {
        Eth.header(s, frameOff, dstMac, srcMac, Eth.TYPE_IPV6);
        Ipv6.header(s, frameOff + Eth.HLEN, icmpLen, Ipv6.NH_ICMPV6, hopLimit, srcHi, srcLo, dstHi, dstLo);
        long m = frameOff + IPV6_L4;
        Be.u16(s, m + Icmp.CHECKSUM, 0);
        Be.u16(s, m + Icmp.CHECKSUM, Checksum.finish(Checksum.sum(s, m, icmpLen,
                Checksum.pseudoIpv6(srcHi, srcLo, dstHi, dstLo, Ipv6.NH_ICMPV6, icmpLen))));
        return IPV6_L4 + icmpLen;
    }

    private static void udpHeader(MemorySegment s, long u, int srcPort, int dstPort, int udpLen) {
        Be.u16(s, u + Udp.SRC_PORT, srcPort);
        Be.u16(s, u + Udp.DST_PORT, dstPort);
        Be.u16(s, u + Udp.LEN, udpLen);
        Be.u16(s, u + Udp.CHECKSUM, 0);
    }
}

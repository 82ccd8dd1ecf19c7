package io.jpasst.engine.tap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.Be;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The --trace line of each kind of frame, and that no cut-short frame makes it throw. */
class FrameTraceTest {
    private static final long GUEST_MAC = 0x02_00_00_00_00_01L;
    private static final long OUR_MAC = 0x02_00_00_00_00_02L;
    private static final int GUEST4 = Ipv4.parse("192.0.2.2");
    private static final int REMOTE4 = Ipv4.parse("203.0.113.10");
    private static final long[] GUEST6 = Ipv6.parse("2001:db8:1::2");
    private static final long[] ALL_ROUTERS = Ipv6.parse("ff02::16");

    private final MemorySegment seg = Arena.ofAuto().allocate(2048, 8);

    private int tcpSyn4() {
        Eth.header(seg, 0, OUR_MAC, GUEST_MAC, Eth.TYPE_IPV4);
        Ipv4.header(seg, Eth.HLEN, Ipv4.HLEN + 20, Ipv4.PROTO_TCP, GUEST4, REMOTE4);
        Be.u16(seg, Frames.IPV4_L4, 40000);
        Be.u16(seg, Frames.IPV4_L4 + 2, 80);
        Be.u8(seg, Frames.IPV4_L4 + 12, 5 << 4);
        Be.u8(seg, Frames.IPV4_L4 + 13, 0x12); // SYN, ACK
        return Frames.IPV4_L4 + 20;
    }

    private int arpRequest() {
        Eth.header(seg, 0, Eth.BROADCAST, GUEST_MAC, Eth.TYPE_ARP);
        long a = Eth.HLEN;
        Be.u16(seg, a, 1);
        Be.u16(seg, a + 2, Eth.TYPE_IPV4);
        Be.u8(seg, a + 4, 6);
        Be.u8(seg, a + 5, 4);
        Be.u16(seg, a + 6, 1);
        Eth.mac(seg, a + 8, GUEST_MAC);
        Be.u32(seg, a + 14, GUEST4);
        Be.u32(seg, a + 24, Ipv4.parse("192.0.2.1"));
        return Eth.HLEN + 28;
    }

    /** An MLDv2 report: ICMPv6 behind a hop-by-hop options header, as Linux sends it. */
    private int mldReport() {
        Eth.header(seg, 0, Eth.ipv6Multicast(ALL_ROUTERS[1]), GUEST_MAC, Eth.TYPE_IPV6);
        Ipv6.header(seg, Eth.HLEN, 8 + 8, Ipv6.NH_HOP_BY_HOP, 1, 0, 0, ALL_ROUTERS[0], ALL_ROUTERS[1]);
        long h = Frames.IPV6_L4;
        seg.asSlice(h, 16).fill((byte) 0);
        Be.u8(seg, h, Ipv6.NH_ICMPV6);
        Be.u8(seg, h + 8, 143);
        return Frames.IPV6_L4 + 16;
    }

    @Test
    void tcpShowsEndpointsAndFlags() {
        assertEquals("from guest, 54 bytes: IPv4 TCP 192.0.2.2:40000 > 203.0.113.10:80 [SA]",
                FrameTrace.line(false, seg, 0, tcpSyn4()));
    }

    @Test
    void udpOverIpv6ShowsCompressedAddressesInBrackets() {
        int len = Frames.udp6(seg, 0, GUEST_MAC, OUR_MAC, ALL_ROUTERS[0], ALL_ROUTERS[1],
                GUEST6[0], GUEST6[1], 547, 546, 10);
        assertEquals("to guest, 72 bytes: IPv6 UDP [ff02::16]:547 > [2001:db8:1::2]:546",
                FrameTrace.line(true, seg, 0, len));
    }

    @Test
    void arpAndIcmpAreNamed() {
        assertEquals("from guest, 42 bytes: ARP request 192.0.2.2 > 192.0.2.1",
                FrameTrace.line(false, seg, 0, arpRequest()));
        int len = Frames.icmp4(seg, 0, GUEST_MAC, OUR_MAC, REMOTE4, GUEST4, 8);
        assertEquals("to guest, 42 bytes: IPv4 ICMP 203.0.113.10 > 192.0.2.2 type 0 code 0",
                FrameTrace.line(true, seg, 0, len));
    }

    @Test
    void hopByHopIsSkippedToTheIcmpv6Message() {
        assertEquals("from guest, 70 bytes: IPv6 ICMPv6 :: > ff02::16 type 143 code 0",
                FrameTrace.line(false, seg, 0, mldReport()));
    }

    @Test
    void everyTruncationGivesALineNeverAnException() {
        for (int kind = 0; kind < 3; kind++) {
            int full = switch (kind) {
                case 0 -> tcpSyn4();
                case 1 -> arpRequest();
                default -> mldReport();
            };
            // the frame sits at the end of a segment of its own size: a read past it would throw
            MemorySegment copy = Arena.ofAuto().allocate(full);
            MemorySegment.copy(seg, 0, copy, 0, full);
            for (int len = 0; len <= full; len++) {
                String line = FrameTrace.line(false, copy.asSlice(0, len), 0, len);
                assertTrue(line.startsWith("from guest, " + len + " bytes: "), line);
            }
        }
    }
}

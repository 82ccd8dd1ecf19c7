package io.jpasst.bench;

import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.proto.l2.Dhcp;
import io.jpasst.engine.proto.l2.L2Config;
import io.jpasst.engine.packet.Be;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Frames a guest sends, built once per benchmark state with the engine's own writers, and
 * the L2 configuration they are answered with. Native segments like the real packet buffer,
 * so the measured code sees the same memory kind as in pasta.
 */
final class GuestFrames {
    static final long GUEST_MAC = 0x5254_0012_3456L;
    static final long OUR_MAC = 0x9a55_9a55_9a55L;
    static final int GUEST4 = Ipv4.parse("10.0.2.15");
    static final int GW4 = Ipv4.parse("10.0.2.2");
    static final int REMOTE4 = Ipv4.parse("203.0.113.10");
    static final long[] GUEST6 = Ipv6.parse("2001:db8::15");
    static final long[] GUEST6_LL = Ipv6.parse("fe80::5054:ff:fe12:3456");
    static final long[] REMOTE6 = Ipv6.parse("2001:db8:2::10");
    static final long[] ALL_ROUTERS = Ipv6.parse("ff02::2");
    /** Room for the largest frame any benchmark builds (MTU 65520 + Ethernet header). */
    static final int FRAME_CAP = 65536 + 64;

    private GuestFrames() {}

    static MemorySegment frameBuffer() {
        return Arena.ofAuto().allocate(FRAME_CAP, 64);
    }

    static L2Config config() {
        return L2Config.builder().ourMac(OUR_MAC).mtu(65520)
                .ip4(GUEST4, 24, GW4).ip4Dns(GW4)
                .ip6(GUEST6[0], GUEST6[1], 64)
                .search("example.com").hostname("guest").build();
    }

    /** UDP/IPv4 guest -> remote with a payload of {@code payload} bytes. */
    static int udp4(MemorySegment s, int payload) {
        return Frames.udp4(s, 0, OUR_MAC, GUEST_MAC, GUEST4, REMOTE4, 40000, 5201, payload);
    }

    /** UDP/IPv6 guest -> remote with a payload of {@code payload} bytes. */
    static int udp6(MemorySegment s, int payload) {
        return Frames.udp6(s, 0, OUR_MAC, GUEST_MAC, GUEST6[0], GUEST6[1], REMOTE6[0], REMOTE6[1],
                40000, 5201, payload);
    }

    /** A broadcast DHCPDISCOVER from a client without an address. */
    static int dhcpDiscover(MemorySegment s) {
        long m = Frames.UDP4_PAYLOAD;
        s.asSlice(m, 300).fill((byte) 0);
        Be.u8(s, m + Dhcp.OP, 1);
        Be.u8(s, m + Dhcp.HTYPE, 1);
        Be.u8(s, m + Dhcp.HLEN, 6);
        Be.u32(s, m + Dhcp.XID, 0x1234_5678);
        Eth.mac(s, m + Dhcp.CHADDR, GUEST_MAC);
        Be.u32(s, m + Dhcp.MAGIC, Dhcp.MAGIC_COOKIE);
        long p = m + Dhcp.OPTIONS;
        Be.u8(s, p, 53);            // message type: DISCOVER
        Be.u8(s, p + 1, 1);
        Be.u8(s, p + 2, Dhcp.DISCOVER);
        Be.u8(s, p + 3, 255);       // end
        return Frames.udp4(s, 0, Eth.BROADCAST, GUEST_MAC, 0, Ipv4.BROADCAST,
                Dhcp.CLIENT_PORT, Dhcp.SERVER_PORT, 300);
    }

    /** An ICMPv6 router solicitation from the guest's link-local address to all routers. */
    static int routerSolicit(MemorySegment s) {
        long m = Frames.IPV6_L4;
        Be.u32(s, m, 133 << 24);    // type 133, code 0, checksum filled in by the writer
        Be.u32(s, m + 4, 0);        // reserved
        return Frames.icmp6(s, 0, Eth.ipv6Multicast(ALL_ROUTERS[1]), GUEST_MAC, 255,
                GUEST6_LL[0], GUEST6_LL[1], ALL_ROUTERS[0], ALL_ROUTERS[1], 8);
    }
}

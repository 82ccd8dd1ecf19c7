package io.jpasst.engine.proto.l2;

import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.Be;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Guest-side request frames and reply decoding for the responder tests. */
final class TestFrames {
    static final long GUEST_MAC = 0x5254_0012_3456L;
    static final long OUR_MAC = 0x9a55_9a55_9a55L;
    static final int GUEST4 = Ipv4.parse("10.0.2.15");
    static final int GW4 = Ipv4.parse("10.0.2.2");
    static final int DNS4 = Ipv4.parse("10.0.2.3");
    static final long[] GUEST6 = Ipv6.parse("2001:db8::15");
    static final long[] GUEST6_LL = Ipv6.parse("fe80::5054:ff:fe12:3456");
    static final long[] DNS6 = Ipv6.parse("2001:db8::3");
    static final long[] DHCP6_GROUP = Ipv6.parse("ff02::1:2");

    private TestFrames() {}

    static L2Config.Builder config() {
        return L2Config.builder().ourMac(OUR_MAC).mtu(65520)
                .ip4(GUEST4, 24, GW4).ip4Dns(DNS4)
                .ip6(GUEST6[0], GUEST6[1], 64).ip6Dns(DNS6[0], DNS6[1])
                .search("example.com").search("corp.example.com")
                .hostname("guest").fqdn("guest.example.com");
    }

    static MemorySegment buffer() {
        return MemorySegment.ofArray(new byte[4096]);
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    /** A DHCP client message: type, xid 0x12345678, extra options (raw TLVs), flags. */
    static int dhcp(MemorySegment s, int type, int flags, int ciaddr, byte[] extraOptions) {
        long m = Frames.UDP4_PAYLOAD;
        for (int i = 0; i < 300; i++) {
            Be.u8(s, m + i, 0);
        }
        Be.u8(s, m, 1);
        Be.u8(s, m + 1, 1);
        Be.u8(s, m + 2, 6);
        Be.u32(s, m + Dhcp.XID, 0x12345678);
        Be.u16(s, m + Dhcp.FLAGS, flags);
        Be.u32(s, m + Dhcp.CIADDR, ciaddr);
        Eth.mac(s, m + Dhcp.CHADDR, GUEST_MAC);
        Be.u32(s, m + Dhcp.MAGIC, Dhcp.MAGIC_COOKIE);
        long p = m + Dhcp.OPTIONS;
        if (type > 0) {
            Be.u8(s, p++, 53);
            Be.u8(s, p++, 1);
            Be.u8(s, p++, type);
        }
        MemorySegment.copy(MemorySegment.ofArray(extraOptions), 0, s, p, extraOptions.length);
        p += extraOptions.length;
        Be.u8(s, p++, 255);
        int len = (int) Math.max(p - m, 300);
        return Frames.udp4(s, 0, Eth.BROADCAST, GUEST_MAC, ciaddr, ciaddr == 0 ? Ipv4.BROADCAST : GW4, 68, 67, len);
    }

    /** DHCP options of a reply frame, in order: code -> value. */
    static Map<Integer, byte[]> dhcpOptions(MemorySegment s, int frameLen) {
        Map<Integer, byte[]> opts = new LinkedHashMap<>();
        long p = Frames.UDP4_PAYLOAD + Dhcp.OPTIONS;
        while (p < frameLen) {
            int code = Be.u8(s, p);
            if (code == 0) {
                p++;
                continue;
            }
            if (code == 255) {
                break;
            }
            int len = Be.u8(s, p + 1);
            byte[] v = new byte[len];
            MemorySegment.copy(s, java.lang.foreign.ValueLayout.JAVA_BYTE, p + 2, v, 0, len);
            opts.put(code, v);
            p += 2 + len;
        }
        return opts;
    }

    /** An ICMPv6 message (bytes) from {@code src} to {@code dst}, hop limit 255. */
    static int icmp6(MemorySegment s, long[] src, long[] dst, byte[] message) {
        MemorySegment.copy(MemorySegment.ofArray(message), 0, s, Frames.IPV6_L4, message.length);
        long dstMac = Ipv6.isMulticast(dst[0]) ? Eth.ipv6Multicast(dst[1]) : OUR_MAC;
        return Frames.icmp6(s, 0, dstMac, GUEST_MAC, 255, src[0], src[1], dst[0], dst[1], message.length);
    }

    /** A DHCPv6 client message to ff02::1:2 from the guest's link-local address. */
    static int dhcpv6(MemorySegment s, int type, byte[] options) {
        long m = Frames.UDP6_PAYLOAD;
        Be.u8(s, m, type);
        Be.u8(s, m + 1, 0xab);
        Be.u16(s, m + 2, 0xcdef);
        MemorySegment.copy(MemorySegment.ofArray(options), 0, s, m + 4, options.length);
        return Frames.udp6(s, 0, Eth.ipv6Multicast(DHCP6_GROUP[1]), GUEST_MAC, GUEST6_LL[0], GUEST6_LL[1],
                DHCP6_GROUP[0], DHCP6_GROUP[1], 546, 547, 4 + options.length);
    }

    /** DHCPv6 top-level options of a reply: code -> value. */
    static Map<Integer, byte[]> dhcpv6Options(MemorySegment s, int frameLen) {
        Map<Integer, byte[]> opts = new LinkedHashMap<>();
        long p = Frames.UDP6_PAYLOAD + 4;
        while (p + 4 <= frameLen) {
            int code = Be.u16(s, p);
            int len = Be.u16(s, p + 2);
            byte[] v = new byte[len];
            MemorySegment.copy(s, java.lang.foreign.ValueLayout.JAVA_BYTE, p + 4, v, 0, len);
            opts.put(code, v);
            p += 4 + len;
        }
        if (p != frameLen) {
            throw new AssertionError("options overrun the frame");
        }
        return opts;
    }

    static String hexOf(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}

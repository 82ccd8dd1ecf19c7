package io.jpasst.engine.proto.l2;

import static io.jpasst.engine.proto.l2.TestFrames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Icmp;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.ip.RefChecksum;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropReason;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class NdpTest extends ServicesFixture {
    static final long[] ALL_ROUTERS = Ipv6.parse("ff02::2");
    static final long[] OUR_LL = {Ipv6.LINK_LOCAL_HI, Ipv6.linkLocalLoFromMac(OUR_MAC)};
    static final long M = Frames.IPV6_L4;


    static byte[] ns(long[] target) {
        MemorySegment m = MemorySegment.ofArray(new byte[24]);
        Be.u8(m, 0, 135);
        Ipv6.address(m, 8, target[0], target[1]);
        return m.toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void ourLinkLocalIsModifiedEui64OfOurMac() {
        assertEquals(Ipv6.parse("fe80::9855:9aff:fe55:9a55")[1], OUR_LL[1]);
    }

    void assertFromUs(int n, long dstMac, long[] dst) {
        assertEquals(dstMac, Eth.mac(out, Eth.DST));
        assertEquals(OUR_MAC, Eth.mac(out, Eth.SRC));
        assertEquals(Eth.TYPE_IPV6, Be.u16(out, Eth.TYPE));
        assertEquals(n - Frames.IPV6_L4, Be.u16(out, 14 + Ipv6.PAYLOAD_LEN));
        assertEquals(58, Be.u8(out, 14 + Ipv6.NEXT_HEADER));
        assertEquals(255, Be.u8(out, 14 + Ipv6.HOP_LIMIT));
        assertEquals(OUR_LL[0], Ipv6.hi(out, 14 + Ipv6.SRC));
        assertEquals(OUR_LL[1], Ipv6.lo(out, 14 + Ipv6.SRC));
        assertEquals(dst[0], Ipv6.hi(out, 14 + Ipv6.DST));
        assertEquals(dst[1], Ipv6.lo(out, 14 + Ipv6.DST));
        assertTrue(RefChecksum.ipv6FrameOk(out, 14), "ICMPv6 checksum");
    }

    @Test
    void routerSolicitationGetsFullAdvertisement() {
        int n = offer(icmp6(in, GUEST6_LL, ALL_ROUTERS, hex("85000000 00000000")));
        assertFromUs(n, GUEST_MAC, GUEST6_LL);
        assertEquals(134, Be.u8(out, M));
        assertEquals(0, Be.u8(out, M + 1));
        assertEquals(0x80, Be.u8(out, M + 5), "managed flag, like passt");
        assertEquals(65535, Be.u16(out, M + 6));
        assertEquals(0, Be.u32(out, M + 8));
        assertEquals(0, Be.u32(out, M + 12));
        long p = M + 16;
        // source link-layer address
        assertEquals("0101" + "9a559a559a55", hexAt(p, 8));
        p += 8;
        // MTU 65520
        assertEquals("0501" + "0000" + "0000fff0", hexAt(p, 8));
        p += 8;
        // prefix 2001:db8::/64, L+A, infinite lifetimes
        assertEquals("0304" + "40" + "c0" + "ffffffff" + "ffffffff" + "00000000"
                + "20010db8000000000000000000000000", hexAt(p, 32));
        p += 32;
        // RDNSS: one server
        assertEquals("1903" + "0000" + "ffffffff" + "20010db8000000000000000000000003", hexAt(p, 24));
        p += 24;
        // DNSSL: example.com, corp.example.com (31 bytes) padded to 32, plus 8 header bytes
        assertEquals("1f05" + "0000" + "ffffffff" + "076578616d706c6503636f6d00"
                + "04636f7270076578616d706c6503636f6d00" + "00", hexAt(p, 40));
        p += 40;
        assertEquals(n, p);
    }

    @Test
    void solicitationFromUnspecifiedGoesToAllNodes() {
        int n = offer(icmp6(in, new long[] {0, 0}, ALL_ROUTERS, hex("85000000 00000000")));
        assertFromUs(n, 0x3333_0000_0001L, new long[] {Ipv6.ALL_NODES_HI, Ipv6.ALL_NODES_LO});
    }

    /** What we ask unprompted when the guest side (re)connects: the guest's address, with our MAC. */
    @Test
    void solicitationForTheGuestsAddressGoesToItsSolicitedNodeGroup() {
        int n = services.guestMacQuery(1, out, 0, (int) out.byteSize());
        assertFromUs(n, 0x3333_ff00_0015L, Ipv6.parse("ff02::1:ff00:15"));
        assertEquals(Icmp.V6_NEIGHBOR_SOLICIT, Be.u8(out, M));
        assertEquals(GUEST6[0], Ipv6.hi(out, M + 8));
        assertEquals(GUEST6[1], Ipv6.lo(out, M + 8));
        assertEquals(1, Be.u8(out, M + 24), "source link-layer address option");
        assertEquals(OUR_MAC, Eth.mac(out, M + 26));
        assertEquals(M + 32, n);
    }

    @Test
    void unsolicitedAdvertisementGoesToAllNodes() {
        int n = services.unsolicitedRouterAdvert(out, 0, (int) out.byteSize());
        assertFromUs(n, 0x3333_0000_0001L, new long[] {Ipv6.ALL_NODES_HI, Ipv6.ALL_NODES_LO});
        assertEquals(134, Be.u8(out, M));
    }

    @Test
    void minimalConfigurationAdvertisesOnlyWhatItHas() {
        services = new L2Services(L2Config.builder().ourMac(OUR_MAC).ip6(GUEST6[0], GUEST6[1], 64).build(),
                guest, drops);
        int n = offer(icmp6(in, GUEST6_LL, ALL_ROUTERS, hex("85000000 00000000")));
        assertEquals(Frames.IPV6_L4 + 16 + 8 + 32, n);
        assertTrue(RefChecksum.ipv6FrameOk(out, 14));
    }

    @Test
    void noRaAndNoNdp() {
        services = new L2Services(config().noRa(true).build(), guest, drops);
        assertEquals(0, offer(icmp6(in, GUEST6_LL, ALL_ROUTERS, hex("85000000 00000000"))));
        assertEquals(0, services.unsolicitedRouterAdvert(out, 0, 1000));
        services = new L2Services(config().noNdp(true).build(), guest, drops);
        assertEquals(0, offer(icmp6(in, GUEST6_LL, GUEST6_LL, ns(OUR_LL))));
        assertEquals(2, drops.get(DropReason.DISABLED));
    }

    @Test
    void neighbourSolicitationForAnyOtherAddressGetsOurMac() {
        long[] remote = Ipv6.parse("2001:db8::1234");
        int n = offer(icmp6(in, GUEST6, Ipv6.parse("ff02::1:ff00:1234"), ns(remote)));
        assertFromUs(n, GUEST_MAC, GUEST6);
        assertEquals(136, Be.u8(out, M));
        assertEquals(0xe0000000, Be.u32(out, M + 4), "router, solicited, override");
        assertEquals(remote[0], Ipv6.hi(out, M + 8));
        assertEquals(remote[1], Ipv6.lo(out, M + 8));
        assertEquals("0201" + "9a559a559a55", hexAt(M + 24, 8));
        assertEquals(Frames.IPV6_L4 + 32, n);
    }

    @Test
    void guestOwnAddressesAndDadAreNotAnswered() {
        assertEquals(0, offer(icmp6(in, GUEST6_LL, GUEST6_LL, ns(GUEST6))));
        offer(icmp6(in, GUEST6_LL, ALL_ROUTERS, hex("85000000 00000000"))); // teaches the link-local
        assertEquals(0, offer(icmp6(in, GUEST6, GUEST6, ns(GUEST6_LL))));
        assertEquals(0, offer(icmp6(in, new long[] {0, 0}, Ipv6.parse("ff02::1:ff00:1"), ns(OUR_LL))));
        assertEquals(3, drops.get(DropReason.NOT_ANSWERED));
    }

    @Test
    void offLinkOrCorruptMessagesAreDropped() {
        int len = icmp6(in, GUEST6_LL, ALL_ROUTERS, hex("85000000 00000000"));
        Be.u8(in, 14 + Ipv6.HOP_LIMIT, 64);
        assertEquals(0, offer(len));
        assertEquals(1, drops.get(DropReason.MALFORMED));
        len = icmp6(in, GUEST6_LL, ALL_ROUTERS, hex("85000000 00000000"));
        Be.u8(in, M + 7, 1);
        assertEquals(0, offer(len));
        assertEquals(1, drops.get(DropReason.BAD_CHECKSUM));
        assertEquals(0, offer(icmp6(in, GUEST6_LL, GUEST6_LL, hex("87000000 00000000"))));
        assertEquals(1, drops.get(DropReason.BAD_LENGTH));
    }

    @Test
    void echoRequestsAreNotNdp() {
        assertEquals(L2Services.NOT_MINE, offer(icmp6(in, GUEST6, DNS6, hex("80000000 00010001"))));
        assertEquals(Icmp.V6_ECHO_REQUEST, Be.u8(in, services.frame().l4Offset()));
    }

    @Test
    void unsolicitedIntervalStaysWithinRfcBounds() {
        java.util.Random r = new java.util.Random(5);
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int i = 0; i < 10_000; i++) {
            int d = Ndp.nextUnsolicitedDelaySeconds(r);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertTrue(min >= 200 && min < 210, "min " + min);
        assertTrue(max < 600 && max > 590, "max " + max);
    }

    String hexAt(long off, int len) {
        byte[] b = new byte[len];
        MemorySegment.copy(out, ValueLayout.JAVA_BYTE, off, b, 0, len);
        return hexOf(b);
    }
}

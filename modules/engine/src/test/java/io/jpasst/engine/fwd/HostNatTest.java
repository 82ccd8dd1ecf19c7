package io.jpasst.engine.fwd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.ip.Ipv4;
import io.jpasst.engine.l2.GuestState;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class HostNatTest {
    private static final int GW = Ipv4.parse("192.0.2.1");
    private static final int GUEST = Ipv4.parse("192.0.2.2");
    private static final int MAPPED_GUEST = Ipv4.parse("192.0.2.99");
    private static final long LL_HI = 0xfe80_0000_0000_0000L;
    private static final long DOC_HI = 0x2001_0db8_0001_0000L;

    private static HostNat nat(int loopback, int guestAddr) {
        return new HostNat(loopback, guestAddr, GUEST, GUEST,
                LL_HI, 1, 0, 0, DOC_HI, 2, DOC_HI, 2);
    }

    @Test
    void loopbackSourceBecomesGatewayOrMappedAddress() {
        assertEquals(GW, nat(GW, 0).source4(Ipv4.parse("127.0.0.1")));
        assertEquals(GW, nat(GW, 0).source4(Ipv4.parse("127.12.0.5")));
        assertEquals(0, nat(0, 0).source4(Ipv4.parse("127.0.0.1")), "--no-map-gw: dropped");
    }

    @Test
    void hostsOwnAddressBecomesMapGuestAddrElseLoopbackAlias() {
        assertEquals(MAPPED_GUEST, nat(GW, MAPPED_GUEST).source4(GUEST));
        assertEquals(GW, nat(GW, 0).source4(GUEST));
    }

    @Test
    void otherSourcesAreKept() {
        int remote = Ipv4.parse("203.0.113.10");
        assertEquals(remote, nat(GW, MAPPED_GUEST).source4(remote));
    }

    @Test
    void destinationIsObservedElseConfigured() {
        GuestState guest = new GuestState();
        assertEquals(GUEST, nat(GW, 0).destination4(guest));
        int seen = Ipv4.parse("192.0.2.77");
        guest.learn(arpFrom(seen), 0, 42);
        assertEquals(seen, nat(GW, 0).destination4(guest));
    }

    @Test
    void ipv6LoopbackAndOwnAddress() {
        long[] out = new long[2];
        assertTrue(nat(GW, 0).source6(0, 1, out));
        assertArrayEquals(new long[] {LL_HI, 1}, out);
        assertTrue(nat(GW, 0).source6(DOC_HI, 2, out));
        assertArrayEquals(new long[] {LL_HI, 1}, out, "own address without --map-guest-addr: like loopback");
        assertTrue(nat(GW, 0).source6(DOC_HI, 7, out));
        assertArrayEquals(new long[] {DOC_HI, 7}, out);
        HostNat none = new HostNat(0, 0, GUEST, GUEST, 0, 0, 0, 0, DOC_HI, 2, DOC_HI, 2);
        assertFalse(none.source6(0, 1, out), "no loopback mapping: dropped");
    }

    @Test
    void ipv6DestinationFallsBackToConfigured() {
        long[] out = new long[2];
        nat(GW, 0).destination6(LL_HI, new GuestState(), out);
        assertArrayEquals(new long[] {DOC_HI, 2}, out);
    }

    /** A minimal ARP request from {@code sender}: GuestState learns the IPv4 source from it. */
    private static MemorySegment arpFrom(int sender) {
        MemorySegment s = MemorySegment.ofArray(new byte[42]);
        byte[] mac = {0x02, 0, 0, 0, 0, 0x01};
        for (int i = 0; i < 6; i++) {
            s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) 0xff);
            s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 6 + i, mac[i]);
            s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 22 + i, mac[i]);
        }
        io.jpasst.engine.packet.Be.u16(s, 12, 0x0806);
        io.jpasst.engine.packet.Be.u16(s, 14, 1);
        io.jpasst.engine.packet.Be.u16(s, 16, 0x0800);
        s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 18, (byte) 6);
        s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 19, (byte) 4);
        io.jpasst.engine.packet.Be.u16(s, 20, 1);
        io.jpasst.engine.packet.Be.u32(s, 28, sender);
        return s;
    }
}

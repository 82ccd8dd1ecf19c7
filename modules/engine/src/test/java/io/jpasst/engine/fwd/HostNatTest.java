package io.jpasst.engine.fwd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.conf.ConfigBuilder;
import io.jpasst.engine.conf.Mode;
import io.jpasst.engine.flow.GuestNat;
import io.jpasst.engine.flow.GuestNatConfig;
import io.jpasst.engine.ip.Ipv4;
import io.jpasst.engine.l2.GuestState;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.List;
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

    private static HostNat fromOptions(java.util.function.Consumer<ConfigBuilder> options) throws Exception {
        ConfigBuilder b = new ConfigBuilder(Mode.PASTA);
        options.accept(b);
        return HostNat.of(b.build(), InetAddress.getByName("192.0.2.1"), InetAddress.getByName("2001:db8:1::1"),
                InetAddress.getByName("192.0.2.2"), InetAddress.getByName("2001:db8:1::2"));
    }

    private static GuestNat guestNat(java.util.function.Consumer<ConfigBuilder> options) throws Exception {
        ConfigBuilder b = new ConfigBuilder(Mode.PASTA);
        options.accept(b);
        return GuestNatConfig.of(b.build(), InetAddress.getByName("192.0.2.1"), InetAddress.getByName("2001:db8:1::1"),
                InetAddress.getByName("192.0.2.2"), InetAddress.getByName("2001:db8:1::2"), List.of());
    }

    /**
     * The options as the man page has them, and the one rule set: the address a host-local
     * peer appears as is the address that reaches the host's loopback from the guest.
     */
    @Test
    void optionsGiveOneLoopbackAliasBothWays() throws Exception {
        List<java.util.function.Consumer<ConfigBuilder>> cases = List.of(
                b -> { },
                ConfigBuilder::noMapGw,
                b -> b.mapHostLoopback("198.51.100.1"),
                b -> { b.noMapGw(); b.mapHostLoopback("198.51.100.1"); },
                b -> b.mapHostLoopback("none"));
        int[] expected = {GW, 0, Ipv4.parse("198.51.100.1"), Ipv4.parse("198.51.100.1"), 0};
        for (int i = 0; i < cases.size(); i++) {
            int alias = fromOptions(cases.get(i)).source4(Ipv4.parse("127.0.0.1"));
            assertEquals(expected[i], alias, "case " + i);
            GuestNat g = guestNat(cases.get(i));
            boolean gwMapped = g.resolve(false, 0, GW & 0xffff_ffffL, 80);
            assertEquals(expected[i] == GW, gwMapped, "gateway reaches the host's loopback, case " + i);
            if (alias != 0) {
                assertTrue(g.resolve(false, 0, alias & 0xffff_ffffL, 80));
                assertEquals(0x7f00_0001L, g.lo(), "case " + i);
            }
        }
    }

    /** podman's --no-map-gw --map-guest-addr 169.254.1.2: the host's own address shows as that, loopback is dropped. */
    @Test
    void podmanOptions() throws Exception {
        java.util.function.Consumer<ConfigBuilder> podman = b -> { b.noMapGw(); b.mapGuestAddr("169.254.1.2"); };
        HostNat h = fromOptions(podman);
        assertEquals(Ipv4.parse("169.254.1.2"), h.source4(GUEST));
        assertEquals(0, h.source4(Ipv4.parse("127.0.0.1")));
        GuestNat g = guestNat(podman);
        assertTrue(g.resolve(false, 0, Ipv4.parse("169.254.1.2") & 0xffff_ffffL, 80));
        assertEquals(GUEST & 0xffff_ffffL, g.lo());
        assertFalse(g.resolve(false, 0, GW & 0xffff_ffffL, 80), "--no-map-gw: the gateway is the gateway");
    }

    @Test
    void ipv6LoopbackAliasIsTheGateway() throws Exception {
        long[] out = new long[2];
        assertTrue(fromOptions(b -> { }).source6(0, 1, out));
        assertArrayEquals(new long[] {DOC_HI, 1}, out);
        assertFalse(fromOptions(ConfigBuilder::noMapGw).source6(0, 1, out));
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

package io.jpasst.engine.flow.nat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.control.conf.ConfigBuilder;
import io.jpasst.engine.control.conf.Mode;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.proto.l2.GuestState;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The host-to-guest rules of {@link AddressMap}, from the options as podman and users pass them. */
class FromHostTest {
    private static final int GW = Ipv4.parse("192.0.2.1");
    private static final int GUEST = Ipv4.parse("192.0.2.2");
    private static final int LOOPBACK = Ipv4.parse("127.0.0.1");
    private static final long DOC_HI = 0x2001_0db8_0001_0000L;
    private static final long LL_HI = 0xfe80_0000_0000_0000L;
    private static final long OUR_LL_LO = 0x99;
    private static final GuestState UNSEEN = new GuestState();

    private static ConfigBuilder options(Consumer<ConfigBuilder> options) {
        ConfigBuilder b = new ConfigBuilder(Mode.PASTA);
        options.accept(b);
        return b;
    }

    private static HostRules hostNat(Consumer<ConfigBuilder> options) throws Exception {
        return new HostRules(guestNat(options));
    }

    private static AddressMap guestNat(Consumer<ConfigBuilder> options) throws Exception {
        return AddressMapConfig.of(options(options).build(), InetAddress.getByName("192.0.2.1"),
                InetAddress.getByName("2001:db8:1::1"), InetAddress.getByName("192.0.2.2"),
                InetAddress.getByName("2001:db8:1::2"), List.of(), List.of(), LL_HI, OUR_LL_LO);
    }

    /**
     * The host-to-guest answers of a map per IP version: IPv4 as an int (0: drop), IPv6 into
     * {@code out} (false: drop, {@code out} untouched).
     */
    private record HostRules(AddressMap map) {
        int source4(int peer, GuestState guest) {
            return map.fromHost(false, 0, peer & 0xffff_ffffL, guest) ? (int) map.lo() : 0;
        }

        int destination4(GuestState guest) {
            return map.guestAddress(false, 0, guest) ? (int) map.lo() : 0;
        }

        boolean source6(long hi, long lo, GuestState guest, long[] out) {
            return map.fromHost(true, hi, lo, guest) && copy(out);
        }

        void destination6(long srcHi, GuestState guest, long[] out) {
            if (map.guestAddress(true, srcHi, guest)) {
                copy(out);
            }
        }

        private boolean copy(long[] out) {
            out[0] = map.hi();
            out[1] = map.lo();
            return true;
        }
    }

    /**
     * One rule set: the address a host loopback peer appears as is the address that reaches
     * the host's loopback from the guest. Without a loopback alias, such a peer appears as
     * our address on the tap (the gateway), as upstream does.
     */
    @Test
    void optionsGiveOneLoopbackAliasBothWays() throws Exception {
        List<Consumer<ConfigBuilder>> cases = List.of(
                b -> { },
                ConfigBuilder::noMapGw,
                b -> b.mapHostLoopback("198.51.100.1"),
                b -> { b.noMapGw(); b.mapHostLoopback("198.51.100.1"); },
                b -> b.mapHostLoopback("none"));
        int alias = Ipv4.parse("198.51.100.1");
        int[] loopbackAlias = {GW, 0, alias, alias, 0};
        for (int i = 0; i < cases.size(); i++) {
            int seenAs = hostNat(cases.get(i)).source4(LOOPBACK, UNSEEN);
            assertEquals(loopbackAlias[i] != 0 ? loopbackAlias[i] : GW, seenAs, "case " + i);
            AddressMap g = guestNat(cases.get(i));
            assertEquals(loopbackAlias[i] == GW, g.toHost(false, 0, GW & 0xffff_ffffL, 80),
                    "gateway reaches the host's loopback, case " + i);
            if (loopbackAlias[i] != 0) {
                assertTrue(g.toHost(false, 0, loopbackAlias[i] & 0xffff_ffffL, 80));
                assertEquals(0x7f00_0001L, g.lo(), "case " + i);
            }
        }
    }

    /** Only 127.0.0.1 is the alias's reverse, as upstream: the rest of 127/8 shows as our tap address. */
    @Test
    void otherLoopbackPeersAppearAsOurTapAddress() throws Exception {
        HostRules nat = hostNat(b -> b.mapHostLoopback("198.51.100.1"));
        assertEquals(Ipv4.parse("198.51.100.1"), nat.source4(LOOPBACK, UNSEEN));
        assertEquals(GW, nat.source4(Ipv4.parse("127.0.0.2"), UNSEEN));
        assertEquals(GW, nat.source4(Ipv4.parse("127.1.2.3"), UNSEEN));
    }

    /** podman's --no-map-gw --map-guest-addr 169.254.1.2: the host's own address shows as that, and back. */
    @Test
    void podmanOptions() throws Exception {
        Consumer<ConfigBuilder> podman = b -> { b.noMapGw(); b.mapGuestAddr("169.254.1.2"); };
        assertEquals(Ipv4.parse("169.254.1.2"), hostNat(podman).source4(GUEST, UNSEEN));
        AddressMap g = guestNat(podman);
        assertTrue(g.toHost(false, 0, Ipv4.parse("169.254.1.2") & 0xffff_ffffL, 80));
        assertEquals(GUEST & 0xffff_ffffL, g.lo());
        assertFalse(g.toHost(false, 0, GW & 0xffff_ffffL, 80), "--no-map-gw: the gateway is the gateway");
    }

    @Test
    void hostsOwnAddressWithoutMapGuestAddrAppearsAsTheGateway() throws Exception {
        assertEquals(GW, hostNat(b -> { }).source4(GUEST, UNSEEN));
        assertEquals(GW, hostNat(ConfigBuilder::noMapGw).source4(GUEST, UNSEEN));
    }

    @Test
    void otherSourcesAreKeptUnlessTheGuestUsesThem() throws Exception {
        int remote = Ipv4.parse("203.0.113.10");
        assertEquals(remote, hostNat(b -> { }).source4(remote, UNSEEN));
        GuestState guest = new GuestState();
        guest.learn(arpFrom(remote), 0, 42);
        assertEquals(GW, hostNat(b -> { }).source4(remote, guest), "the guest could not answer its own address");
    }

    @Test
    void destinationIsObservedElseConfigured() throws Exception {
        GuestState guest = new GuestState();
        assertEquals(GUEST, hostNat(b -> { }).destination4(guest));
        int seen = Ipv4.parse("192.0.2.77");
        guest.learn(arpFrom(seen), 0, 42);
        assertEquals(seen, hostNat(b -> { }).destination4(guest));
    }

    @Test
    void ipv6() throws Exception {
        long[] out = new long[2];
        assertTrue(hostNat(b -> { }).source6(0, 1, UNSEEN, out));
        assertArrayEquals(new long[] {DOC_HI, 1}, out, "::1 appears as the gateway");
        assertTrue(hostNat(b -> { }).source6(DOC_HI, 2, UNSEEN, out));
        assertArrayEquals(new long[] {LL_HI, OUR_LL_LO}, out, "own address: our link-local address");
        assertTrue(hostNat(ConfigBuilder::noMapGw).source6(0, 1, UNSEEN, out));
        assertArrayEquals(new long[] {LL_HI, OUR_LL_LO}, out, "--no-map-gw: ::1 too");
        assertTrue(hostNat(b -> b.mapGuestAddr("2001:db8:4::2")).source6(DOC_HI, 2, UNSEEN, out));
        assertArrayEquals(new long[] {0x2001_0db8_0004_0000L, 2}, out);
        assertTrue(hostNat(b -> { }).source6(DOC_HI, 7, UNSEEN, out));
        assertArrayEquals(new long[] {DOC_HI, 7}, out);
        hostNat(b -> { }).destination6(LL_HI, UNSEEN, out);
        assertArrayEquals(new long[] {DOC_HI, 2}, out, "no link-local address seen: the configured one");
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

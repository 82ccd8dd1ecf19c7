package io.jpasst.engine.proto.l2;

import static io.jpasst.engine.proto.l2.TestFrames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropReason;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class L2ServicesTest extends ServicesFixture {

    @Test
    void ordinaryTrafficIsNotMine() {
        int len = Frames.udp4(in, 0, OUR_MAC, GUEST_MAC, GUEST4, DNS4, 40000, 53, 20);
        assertEquals(L2Services.NOT_MINE, offer(len));
        assertEquals(17, services.frame().proto());
        assertEquals(Frames.IPV4_L4, services.frame().l4Offset());
        // DHCP port over IPv6 unicast, UDP 67 over IPv6: not ours either
        len = Frames.udp6(in, 0, OUR_MAC, GUEST_MAC, GUEST6[0], GUEST6[1], DNS6[0], DNS6[1], 5000, 67, 4);
        assertEquals(L2Services.NOT_MINE, offer(len));
        assertEquals(0, drops.total());
    }

    @Test
    void learnsGuestAddresses() {
        offer(Frames.udp4(in, 0, OUR_MAC, GUEST_MAC, GUEST4, DNS4, 40000, 53, 20));
        offer(Frames.udp6(in, 0, OUR_MAC, GUEST_MAC, GUEST6[0], GUEST6[1], DNS6[0], DNS6[1], 5000, 53, 4));
        offer(Frames.udp6(in, 0, OUR_MAC, GUEST_MAC, GUEST6_LL[0], GUEST6_LL[1], DNS6[0], DNS6[1], 5000, 53, 4));
        assertEquals(GUEST_MAC, guest.mac());
        assertEquals(GUEST4, guest.ip4());
        assertEquals(GUEST6[1], guest.ip6Lo());
        assertEquals(GUEST6_LL[1], guest.ip6LinkLocalLo());
        assertTrue(guest.ownsIp6(GUEST6_LL[0], GUEST6_LL[1]));
        // unspecified and multicast sources teach nothing
        offer(Frames.udp6(in, 0, OUR_MAC, 0x0100_0000_0001L, 0, 0, DNS6[0], DNS6[1], 5000, 53, 4));
        assertEquals(GUEST_MAC, guest.mac());
        assertEquals(GUEST6_LL[1], guest.ip6LinkLocalLo());
    }

    @Test
    void brokenAndUnknownFramesAreConsumedAndCounted() {
        int len = Frames.udp4(in, 0, OUR_MAC, GUEST_MAC, GUEST4, DNS4, 40000, 53, 20);
        Be.u8(in, 14 + Ipv4.TTL, 1);
        assertEquals(0, offer(len));
        assertEquals(1, drops.get(DropReason.BAD_CHECKSUM));
        assertEquals(0, offer(10));
        assertEquals(1, drops.get(DropReason.BAD_LENGTH));
        Eth.header(in, 0, OUR_MAC, GUEST_MAC, 0x88cc); // LLDP
        assertEquals(0, offer(60));
        assertEquals(1, drops.get(DropReason.UNKNOWN_PROTOCOL));
    }

    @Test
    void fragmentsAreDropped() {
        int len = Frames.udp6(in, 0, OUR_MAC, GUEST_MAC, GUEST6[0], GUEST6[1], DNS6[0], DNS6[1], 5000, 53, 16);
        // turn the UDP header into a fragment header in front of the first 8 payload bytes
        Be.u8(in, 14 + Ipv6.NEXT_HEADER, Ipv6.NH_FRAGMENT);
        Be.u8(in, Frames.IPV6_L4, Ipv6.NH_UDP);
        assertEquals(0, offer(len));
        assertEquals(1, drops.get(DropReason.FRAGMENT));
    }
}

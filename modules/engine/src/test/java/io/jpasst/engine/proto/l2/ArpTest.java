package io.jpasst.engine.proto.l2;

import static io.jpasst.engine.proto.l2.TestFrames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropReason;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class ArpTest extends ServicesFixture {

    /** An Ethernet/IPv4 ARP request from the guest, padded to the 60-byte Ethernet minimum. */
    int request(int op, int spa, int tpa) {
        Eth.header(in, 0, Eth.BROADCAST, GUEST_MAC, Eth.TYPE_ARP);
        long a = Eth.HLEN;
        Be.u16(in, a, 1);
        Be.u16(in, a + 2, 0x0800);
        Be.u8(in, a + 4, 6);
        Be.u8(in, a + 5, 4);
        Be.u16(in, a + 6, op);
        Eth.mac(in, a + 8, GUEST_MAC);
        Be.u32(in, a + 14, spa);
        Eth.mac(in, a + 18, 0);
        Be.u32(in, a + 24, tpa);
        return 60;
    }

    @Test
    void gatewayAndAnyOtherAddressResolveToOurMac() {
        for (int target : new int[] {GW4, Ipv4.parse("10.0.2.77"), Ipv4.parse("8.8.8.8")}) {
            assertEquals(42, offer(request(1, GUEST4, target)));
            // byte for byte: 42-byte reply
            assertEquals(hexOf(hex("525400123456" + "9a559a559a55" + "0806"
                    + "0001" + "0800" + "06" + "04" + "0002"
                    + "9a559a559a55" + String.format("%08x", target)
                    + "525400123456" + "0a00020f")), hexOf(out.asSlice(0, 42).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
        }
    }

    /** What we ask unprompted when the guest side (re)connects: who has the guest's address. */
    @Test
    void requestForTheGuestsAddressFromTheGateway() {
        assertEquals(42, services.guestMacQuery(0, out, 0, (int) out.byteSize()));
        assertEquals(hexOf(hex("ffffffffffff" + "9a559a559a55" + "0806" + "0001" + "0800" + "06" + "04" + "0001"
                + "9a559a559a55" + "0a000202" + "000000000000" + "0a00020f")),
                hexOf(out.asSlice(0, 42).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
    }

    @Test
    void probesAreAnsweredButNotForTheGuestsAddress() {
        assertEquals(42, offer(request(1, 0, GW4)));
        assertEquals(0, Be.u32(out, Eth.HLEN + Arp.TPA));
        assertEquals(0, offer(request(1, 0, GUEST4)));
        assertEquals(1, drops.get(DropReason.NOT_ANSWERED));
    }

    @Test
    void announcementsRepliesAndBadFramesGetNothing() {
        assertEquals(0, offer(request(1, GUEST4, GUEST4)));
        assertEquals(0, offer(request(2, GUEST4, GW4)));
        assertEquals(2, drops.get(DropReason.NOT_ANSWERED));
        assertEquals(0, offer(request(1, GUEST4, GW4) - 20 - 19)); // 41 bytes: truncated ARP
        assertEquals(1, drops.get(DropReason.BAD_LENGTH));
        request(1, GUEST4, GW4);
        Be.u8(in, Eth.HLEN + 4, 8);
        assertEquals(0, offer(60));
        assertEquals(1, drops.get(DropReason.MALFORMED));
        request(1, GUEST4, GW4);
        assertEquals(0, services.offer(in, 0, 60, out, 0, 41));
        assertEquals(1, drops.get(DropReason.NO_ROOM));
    }
}

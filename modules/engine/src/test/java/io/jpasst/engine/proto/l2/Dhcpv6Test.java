package io.jpasst.engine.proto.l2;

import static io.jpasst.engine.proto.l2.DhcpTest.concat;
import static io.jpasst.engine.proto.l2.TestFrames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.ip.RefChecksum;
import io.jpasst.engine.packet.ip.Udp;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropReason;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Dhcpv6Test extends ServicesFixture {
    static final long[] OUR_LL = {Ipv6.LINK_LOCAL_HI, Ipv6.linkLocalLoFromMac(OUR_MAC)};
    /** Client id: DUID-LL of the guest MAC. */
    static final byte[] CLIENT_ID = hex("0001 000a 0003 0001 525400123456");
    static final byte[] SERVER_ID = hex("0002 000a 0003 0001 9a559a559a55");
    static final byte[] IA_NA = hex("0003 000c 0badcafe 00000000 00000000");
    static final String OUR_DUID = "00030001" + "9a559a559a55";
    static final String IA_REPLY = "0badcafe" + "ffffffff" + "ffffffff"
            + "0005" + "0018" + "20010db8000000000000000000000015" + "ffffffff" + "ffffffff";


    Map<Integer, byte[]> reply(int n, int type) {
        assertTrue(n > 0, "a reply");
        assertEquals(GUEST_MAC, Eth.mac(out, Eth.DST));
        assertEquals(OUR_MAC, Eth.mac(out, Eth.SRC));
        assertEquals(OUR_LL[0], Ipv6.hi(out, 14 + Ipv6.SRC));
        assertEquals(OUR_LL[1], Ipv6.lo(out, 14 + Ipv6.SRC));
        assertEquals(GUEST6_LL[0], Ipv6.hi(out, 14 + Ipv6.DST));
        assertEquals(GUEST6_LL[1], Ipv6.lo(out, 14 + Ipv6.DST));
        assertEquals(17, Be.u8(out, 14 + Ipv6.NEXT_HEADER));
        assertEquals(547, Be.u16(out, Frames.IPV6_L4 + Udp.SRC_PORT));
        assertEquals(546, Be.u16(out, Frames.IPV6_L4 + Udp.DST_PORT));
        assertEquals(n - Frames.IPV6_L4, Be.u16(out, Frames.IPV6_L4 + Udp.LEN));
        assertTrue(RefChecksum.ipv6FrameOk(out, 14), "UDP checksum");
        assertEquals(type, Be.u8(out, Frames.UDP6_PAYLOAD));
        assertEquals(0xabcdef, Be.u32(out, Frames.UDP6_PAYLOAD) & 0xffffff, "transaction id");
        Map<Integer, byte[]> o = dhcpv6Options(out, n);
        assertEquals(hexOf(CLIENT_ID).substring(8), hexOf(o.get(1)));
        assertEquals(OUR_DUID, hexOf(o.get(2)));
        return o;
    }

    @Test
    void solicitGetsAdvertiseWithAddressAndDns() {
        Map<Integer, byte[]> o = reply(offer(dhcpv6(in, Dhcpv6.SOLICIT, concat(CLIENT_ID, IA_NA))), Dhcpv6.ADVERTISE);
        assertEquals(IA_REPLY, hexOf(o.get(3)));
        assertEquals("ff", hexOf(o.get(7)));
        assertEquals("20010db8000000000000000000000003", hexOf(o.get(23)));
        assertEquals("076578616d706c6503636f6d00" + "04636f7270076578616d706c6503636f6d00", hexOf(o.get(24)));
        assertFalse(o.containsKey(14));
        assertFalse(o.containsKey(39), "FQDN only when the client asks");
        assertEquals(List.of(1, 2, 3, 7, 23, 24), List.copyOf(o.keySet()));
    }

    @Test
    void rapidCommitSolicitGetsReply() {
        Map<Integer, byte[]> o = reply(offer(dhcpv6(in, Dhcpv6.SOLICIT, concat(CLIENT_ID, IA_NA, hex("000e0000")))),
                Dhcpv6.REPLY);
        assertEquals("", hexOf(o.get(14)));
        assertEquals(IA_REPLY, hexOf(o.get(3)));
    }

    @Test
    void requestRenewRebindGetReply() {
        for (int type : new int[] {Dhcpv6.REQUEST, Dhcpv6.RENEW}) {
            Map<Integer, byte[]> o = reply(offer(dhcpv6(in, type, concat(CLIENT_ID, SERVER_ID, IA_NA))), Dhcpv6.REPLY);
            assertEquals(IA_REPLY, hexOf(o.get(3)));
        }
        Map<Integer, byte[]> o = reply(offer(dhcpv6(in, Dhcpv6.REBIND, concat(CLIENT_ID, IA_NA))), Dhcpv6.REPLY);
        assertEquals(IA_REPLY, hexOf(o.get(3)));
    }

    @Test
    void requestForAnotherServerIsIgnored() {
        byte[] other = hex("0002 000a 0003 0001 020000000001");
        assertEquals(0, offer(dhcpv6(in, Dhcpv6.REQUEST, concat(CLIENT_ID, other, IA_NA))));
        assertEquals(1, drops.get(DropReason.NOT_ANSWERED));
    }

    @Test
    void informationRequestGetsDnsOnly() {
        Map<Integer, byte[]> o = reply(offer(dhcpv6(in, Dhcpv6.INFORMATION_REQUEST, concat(CLIENT_ID, hex("0006 0004 0017 0027")))),
                Dhcpv6.REPLY);
        assertFalse(o.containsKey(3));
        assertEquals("20010db8000000000000000000000003", hexOf(o.get(23)));
        assertEquals("04" + "056775657374076578616d706c6503636f6d00", hexOf(o.get(39)));
    }

    @Test
    void confirmChecksTheAddress() {
        byte[] ours = concat(hex("0003 0028 0badcafe 00000000 00000000 0005 0018"),
                hex("20010db8000000000000000000000015"), hex("00000000 00000000"));
        Map<Integer, byte[]> o = reply(offer(dhcpv6(in, Dhcpv6.CONFIRM, concat(CLIENT_ID, ours))), Dhcpv6.REPLY);
        assertEquals("0000", hexOf(o.get(13)));
        byte[] other = concat(hex("0003 0028 0badcafe 00000000 00000000 0005 0018"),
                hex("20010db8000000000000000000000099"), hex("00000000 00000000"));
        o = reply(offer(dhcpv6(in, Dhcpv6.CONFIRM, concat(CLIENT_ID, other))), Dhcpv6.REPLY);
        assertEquals("0004", hexOf(o.get(13)));
    }

    @Test
    void releaseGetsSuccess() {
        Map<Integer, byte[]> o = reply(offer(dhcpv6(in, Dhcpv6.RELEASE, concat(CLIENT_ID, SERVER_ID, IA_NA))),
                Dhcpv6.REPLY);
        assertEquals(List.of(1, 2, 13), List.copyOf(o.keySet()));
    }

    @Test
    void unicastGoesToL4AndMalformedIsDropped() {
        int len = dhcpv6(in, Dhcpv6.SOLICIT, CLIENT_ID);
        Ipv6.address(in, 14 + Ipv6.DST, GUEST6[0], 1);
        assertEquals(L2Services.NOT_MINE, offer(len));
        assertEquals(0, offer(dhcpv6(in, Dhcpv6.SOLICIT, IA_NA)), "no client id");
        assertEquals(0, offer(dhcpv6(in, Dhcpv6.SOLICIT, concat(CLIENT_ID, SERVER_ID))), "server id in solicit");
        assertEquals(0, offer(dhcpv6(in, Dhcpv6.SOLICIT, hex("0001 00ff 00"))), "overlong option");
        assertEquals(3, drops.get(DropReason.MALFORMED));
        assertEquals(0, offer(dhcpv6(in, Dhcpv6.ADVERTISE, CLIENT_ID)));
        assertEquals(1, drops.get(DropReason.UNKNOWN_PROTOCOL));
    }

    @Test
    void noDhcpv6() {
        services = new L2Services(config().noDhcpv6(true).build(), new GuestState(), drops);
        assertEquals(0, offer(dhcpv6(in, Dhcpv6.SOLICIT, CLIENT_ID)));
        assertEquals(1, drops.get(DropReason.DISABLED));
    }
}

package io.jpasst.engine.proto.l2;

import static io.jpasst.engine.proto.l2.TestFrames.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.RefChecksum;
import io.jpasst.engine.packet.ip.Udp;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropReason;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DhcpTest extends ServicesFixture {

    static byte[] u32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    @Test
    void discoverGetsOfferWithAllOptions() {
        int n = offer(dhcp(in, Dhcp.DISCOVER, 0, 0, new byte[0]));
        assertTrue(n > 0);
        // Ethernet and IP: unicast to the offered address, from the gateway port 67 to 68
        assertEquals(GUEST_MAC, Eth.mac(out, Eth.DST));
        assertEquals(OUR_MAC, Eth.mac(out, Eth.SRC));
        assertEquals(Eth.TYPE_IPV4, Be.u16(out, Eth.TYPE));
        assertEquals(GW4, Be.u32(out, 14 + Ipv4.SRC));
        assertEquals(GUEST4, Be.u32(out, 14 + Ipv4.DST));
        assertEquals(n - 14, Be.u16(out, 14 + Ipv4.TOTAL_LEN));
        assertEquals(67, Be.u16(out, Frames.IPV4_L4 + Udp.SRC_PORT));
        assertEquals(68, Be.u16(out, Frames.IPV4_L4 + Udp.DST_PORT));
        assertEquals(n - Frames.IPV4_L4, Be.u16(out, Frames.IPV4_L4 + Udp.LEN));
        assertTrue(RefChecksum.ipv4FrameOk(out, 14), "IP header and UDP checksums");
        // BOOTP fixed part
        long m = Frames.UDP4_PAYLOAD;
        assertEquals(2, Be.u8(out, m));
        assertEquals(0x12345678, Be.u32(out, m + Dhcp.XID));
        assertEquals(0, Be.u32(out, m + Dhcp.CIADDR));
        assertEquals(GUEST4, Be.u32(out, m + Dhcp.YIADDR));
        assertEquals(GUEST_MAC, Eth.mac(out, m + Dhcp.CHADDR));
        assertEquals(Dhcp.MAGIC_COOKIE, Be.u32(out, m + Dhcp.MAGIC));
        assertTrue(n - Frames.UDP4_PAYLOAD >= 300, "BOOTP minimum size");
        Map<Integer, byte[]> o = dhcpOptions(out, n);
        assertEquals(List.of(53, 54), o.keySet().stream().limit(2).toList());
        assertArrayEquals(new byte[] {Dhcp.OFFER}, o.get(53));
        assertArrayEquals(u32(GW4), o.get(54));
        assertArrayEquals(u32(0xffffff00), o.get(1));
        assertArrayEquals(u32(GW4), o.get(3));
        assertArrayEquals(u32(DNS4), o.get(6));
        assertArrayEquals(u32(-1), o.get(51));
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xf0}, o.get(26));
        assertEquals("guest", new String(o.get(12)));
        assertEquals("example.com", new String(o.get(15)));
        // example.com, then corp + pointer to offset 0
        assertEquals("076578616d706c6503636f6d00" + "04636f7270c000", hexOf(o.get(119)));
        assertFalse(o.containsKey(81), "FQDN only when the client sends option 81");
        assertFalse(o.containsKey(121), "gateway is on the subnet");
        assertFalse(o.containsKey(80));
    }

    @Test
    void parameterRequestListOrdersOptions() {
        int n = offer(dhcp(in, Dhcp.DISCOVER, 0, 0, hex("3703 060301")));
        assertEquals(List.of(53, 54, 6, 3, 1), dhcpOptions(out, n).keySet().stream().limit(5).toList());
    }

    @Test
    void broadcastFlagBroadcastsTheReply() {
        int n = offer(dhcp(in, Dhcp.DISCOVER, Dhcp.FLAG_BROADCAST, 0, new byte[0]));
        assertEquals(Eth.BROADCAST, Eth.mac(out, Eth.DST));
        assertEquals(Ipv4.BROADCAST, Be.u32(out, 14 + Ipv4.DST));
        assertEquals(Dhcp.FLAG_BROADCAST, Be.u16(out, Frames.UDP4_PAYLOAD + Dhcp.FLAGS));
        assertTrue(RefChecksum.ipv4FrameOk(out, 14));
        assertTrue(n > 0);
    }

    @Test
    void requestForOurAddressIsAcked() {
        int n = offer(dhcp(in, Dhcp.REQUEST, 0, 0, concat(hex("3204"), u32(GUEST4), hex("3604"), u32(GW4))));
        assertArrayEquals(new byte[] {Dhcp.ACK}, dhcpOptions(out, n).get(53));
        assertEquals(GUEST4, Be.u32(out, Frames.UDP4_PAYLOAD + Dhcp.YIADDR));
    }

    @Test
    void renewingClientGetsUnicastAckWithCiaddr() {
        int n = offer(dhcp(in, Dhcp.REQUEST, 0, GUEST4, new byte[0]));
        assertArrayEquals(new byte[] {Dhcp.ACK}, dhcpOptions(out, n).get(53));
        assertEquals(GUEST4, Be.u32(out, Frames.UDP4_PAYLOAD + Dhcp.CIADDR));
        assertEquals(GUEST4, Be.u32(out, 14 + Ipv4.DST));
        assertEquals(GUEST_MAC, Eth.mac(out, Eth.DST));
    }

    @Test
    void requestForAnotherAddressIsNakedByBroadcast() {
        int n = offer(dhcp(in, Dhcp.REQUEST, 0, 0, concat(hex("3204"), u32(Ipv4.parse("192.168.1.7")))));
        Map<Integer, byte[]> o = dhcpOptions(out, n);
        assertArrayEquals(new byte[] {Dhcp.NAK}, o.get(53));
        assertEquals(List.of(53, 54), List.copyOf(o.keySet()));
        assertEquals(0, Be.u32(out, Frames.UDP4_PAYLOAD + Dhcp.YIADDR));
        assertEquals(Ipv4.BROADCAST, Be.u32(out, 14 + Ipv4.DST));
        assertTrue(RefChecksum.ipv4FrameOk(out, 14));
    }

    @Test
    void requestToAnotherServerIsIgnored() {
        assertEquals(0, offer(dhcp(in, Dhcp.REQUEST, 0, 0, concat(hex("3604"), u32(Ipv4.parse("10.0.2.99"))))));
        assertEquals(1, drops.get(DropReason.NOT_ANSWERED));
    }

    @Test
    void rapidCommitDiscoverGetsAck() {
        int n = offer(dhcp(in, Dhcp.DISCOVER, 0, 0, hex("5000")));
        Map<Integer, byte[]> o = dhcpOptions(out, n);
        assertArrayEquals(new byte[] {Dhcp.ACK}, o.get(53));
        assertArrayEquals(new byte[0], o.get(80));
    }

    @Test
    void informGetsAckWithoutLease() {
        int n = offer(dhcp(in, Dhcp.INFORM, 0, GUEST4, new byte[0]));
        Map<Integer, byte[]> o = dhcpOptions(out, n);
        assertArrayEquals(new byte[] {Dhcp.ACK}, o.get(53));
        assertFalse(o.containsKey(51));
        assertEquals(0, Be.u32(out, Frames.UDP4_PAYLOAD + Dhcp.YIADDR));
        assertEquals(GUEST4, Be.u32(out, 14 + Ipv4.DST));
    }

    @Test
    void releaseAndDeclineAreConsumedSilently() {
        assertEquals(0, offer(dhcp(in, Dhcp.RELEASE, 0, GUEST4, new byte[0])));
        assertEquals(0, offer(dhcp(in, Dhcp.DECLINE, 0, 0, new byte[0])));
        assertEquals(2, drops.get(DropReason.NOT_ANSWERED));
    }

    @Test
    void fqdnOptionWhenClientSendsOne() {
        int n = offer(dhcp(in, Dhcp.DISCOVER, 0, 0, hex("5103 000000")));
        assertEquals("0cffff" + "056775657374076578616d706c6503636f6d00", hexOf(dhcpOptions(out, n).get(81)));
    }

    @Test
    void offSubnetGatewayGetsClasslessRoutes() {
        int gw = Ipv4.parse("192.168.50.1");
        services = new L2Services(config().ip4(GUEST4, 24, gw).build(), new GuestState(), drops);
        int n = offer(dhcp(in, Dhcp.DISCOVER, 0, 0, new byte[0]));
        assertEquals("20" + "c0a83201" + "00000000" + "00" + "c0a83201", hexOf(dhcpOptions(out, n).get(121)));
    }

    @Test
    void disabledOptionsAreLeftOut() {
        services = new L2Services(config().dhcpDns(false).dhcpSearch(false).mtu(0).build(), new GuestState(), drops);
        Map<Integer, byte[]> o = dhcpOptions(out, offer(dhcp(in, Dhcp.DISCOVER, 0, 0, new byte[0])));
        assertFalse(o.containsKey(6));
        assertFalse(o.containsKey(15));
        assertFalse(o.containsKey(119));
        assertFalse(o.containsKey(26));
    }

    @Test
    void noDhcpConsumesAndCounts() {
        services = new L2Services(config().noDhcp(true).build(), new GuestState(), drops);
        assertEquals(0, offer(dhcp(in, Dhcp.DISCOVER, 0, 0, new byte[0])));
        assertEquals(1, drops.get(DropReason.DISABLED));
    }

    @Test
    void badChecksumAndBadOptionsAreDropped() {
        int len = dhcp(in, Dhcp.DISCOVER, 0, 0, new byte[0]);
        Be.u8(in, Frames.UDP4_PAYLOAD + 100, 0x55);
        assertEquals(0, offer(len));
        assertEquals(1, drops.get(DropReason.BAD_CHECKSUM));
        // option 12 claiming more bytes than the datagram holds
        assertEquals(0, offer(dhcpWithTail(concat(hex("0cff"), new byte[4]))));
        assertEquals(1, drops.get(DropReason.MALFORMED));
        // a message without the end option is fine when its options are whole
        assertTrue(offer(dhcpWithTail(hex("0c0161"))) > 0);
        // UDP length field disagreeing with the IP length
        len = dhcp(in, Dhcp.DISCOVER, 0, 0, new byte[0]);
        Be.u16(in, Frames.IPV4_L4 + Udp.LEN, 300);
        assertEquals(0, offer(len));
        assertEquals(1, drops.get(DropReason.BAD_LENGTH));
    }

    @Test
    void replyThatDoesNotFitIsDropped() {
        int len = dhcp(in, Dhcp.DISCOVER, 0, 0, new byte[0]);
        assertEquals(0, services.offer(in, 0, len, out, 0, 200));
        assertEquals(1, drops.get(DropReason.NO_ROOM));
    }

    /** A DISCOVER whose datagram ends right after {@code tail} (no end option, no padding). */
    int dhcpWithTail(byte[] tail) {
        long m = Frames.UDP4_PAYLOAD;
        dhcp(in, Dhcp.DISCOVER, 0, 0, new byte[0]);
        long p = m + Dhcp.OPTIONS + 3;
        MemorySegment.copy(MemorySegment.ofArray(tail), 0, in, p, tail.length);
        int payload = (int) (p + tail.length - m);
        return Frames.udp4(in, 0, Eth.BROADCAST, GUEST_MAC, 0, Ipv4.BROADCAST, 68, 67, payload);
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }
}

package io.jpasst.engine.control.netlink;

import io.jpasst.engine.control.conf.MacAddress;
import io.jpasst.sys.Tun;
import io.jpasst.sys.Errno;
import io.jpasst.sys.Rtnl;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writing requests and reading them back, and the reader's bounds checks on bad input. */
class CodecTest {
    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static Message only(FakeKernel.Reply r) {
        MessageCursor c = new MessageCursor(MemorySegment.ofArray(r.bytes()), r.bytes().length);
        assertTrue(c.next());
        Message m = c.message();
        assertFalse(c.next());
        return m;
    }

    @Test
    void headerFieldsAndAlignment() {
        RequestWriter w = FakeKernel.Reply.writer().begin(Rtnl.RTM_NEWLINK, Rtnl.NLM_F_REQUEST, 77);
        LinkCodec.header(w, 5, 1, 1);
        w.attrU8(99, 7);
        int len = w.finish();
        assertEquals(Rtnl.NLMSG_HDRLEN + Rtnl.IFINFOMSG_SIZE + 8, len, "u8 attribute padded to 8");
        Message m = only(FakeKernel.Reply.of(w));
        assertEquals(Rtnl.RTM_NEWLINK, m.type());
        assertEquals(Rtnl.NLM_F_REQUEST, m.flags());
        assertEquals(77, m.seq());
        AttrCursor a = m.attributes(Rtnl.IFINFOMSG_SIZE);
        assertTrue(a.next());
        assertEquals(99, a.type());
        assertEquals(1, a.valueLength());
        assertEquals(7, a.u8());
        assertFalse(a.next());
    }

    @Test
    void linkRoundTrip() {
        RequestWriter w = FakeKernel.Reply.writer().begin(Rtnl.RTM_NEWLINK, 0, 1);
        LinkCodec.header(w, 3, Tun.IFF_UP, 0)
                .attrString(Rtnl.IFLA_IFNAME, "eth0")
                .attrI32(Rtnl.IFLA_MTU, 1500)
                .attr(Rtnl.IFLA_ADDRESS, MacAddress.parse("02:00:00:00:00:01").toBytes());
        Link l = LinkCodec.parse(only(FakeKernel.Reply.of(w)));
        assertEquals(new Link(3, "eth0", Tun.IFF_UP, 1500,
                MacAddress.parse("02:00:00:00:00:01")), l);
        assertTrue(l.isUp());
    }

    @Test
    void addressRoundTripPrefersLocalAndWideFlags() throws Exception {
        RequestWriter w = FakeKernel.Reply.writer().begin(Rtnl.RTM_NEWADDR, 0, 1);
        AddressCodec.assign(w, 4, ip("2001:db8::5"), 64, Rtnl.RT_SCOPE_UNIVERSE,
                Rtnl.IFA_F_NODAD | Rtnl.IFA_F_NOPREFIXROUTE);
        IfAddress a = AddressCodec.parse(only(FakeKernel.Reply.of(w)));
        assertEquals(new IfAddress(4, ip("2001:db8::5"), 64, Rtnl.RT_SCOPE_UNIVERSE,
                Rtnl.IFA_F_NODAD | Rtnl.IFA_F_NOPREFIXROUTE), a);
        assertEquals(IpFamily.IPV6, a.family());

        // point-to-point IPv4: IFA_ADDRESS is the peer, IFA_LOCAL ours
        RequestWriter p = FakeKernel.Reply.writer().begin(Rtnl.RTM_NEWADDR, 0, 1);
        int s = p.reserve(Rtnl.IFADDRMSG_SIZE);
        p.u8(s + Rtnl.IFA_PREFIXLEN_OFF, 32).i32(s + Rtnl.IFA_INDEX_OFF, 9);
        p.attr(Rtnl.IFA_ADDRESS, ip("198.51.100.1").getAddress())
                .attr(Rtnl.IFA_LOCAL, ip("192.0.2.2").getAddress());
        assertEquals(ip("192.0.2.2"), AddressCodec.parse(only(FakeKernel.Reply.of(p))).address());
    }

    @Test
    void multipathRouteRoundTrip() throws Exception {
        Route r = new Route(IpFamily.IPV4, null, 0, null, 0, 100, Rtnl.RT_TABLE_MAIN,
                Rtnl.RTPROT_BOOT, Rtnl.RT_SCOPE_UNIVERSE, Rtnl.RTN_UNICAST, 0,
                List.of(new NextHop(2, ip("192.0.2.1"), 1, 0),
                        new NextHop(3, ip("203.0.113.1"), 5, Rtnl.RTNH_F_ONLINK)));
        RequestWriter w = FakeKernel.Reply.writer().begin(Rtnl.RTM_NEWROUTE, 0, 1);
        RouteCodec.add(w, r);
        Route back = RouteCodec.parse(only(FakeKernel.Reply.of(w)));
        assertEquals(r, back);
        assertEquals(3, back.outputInterface(), "highest weight path");
        assertEquals(ip("203.0.113.1"), back.effectiveGateway());
    }

    @Test
    void plainRouteRoundTripWithLargeTable() throws Exception {
        Route r = new Route(IpFamily.IPV6, ip("2001:db8:1::"), 48, ip("fe80::1"), 7, -1, 1000,
                Rtnl.RTPROT_STATIC, Rtnl.RT_SCOPE_UNIVERSE, Rtnl.RTN_UNICAST, 0, List.of());
        RequestWriter w = FakeKernel.Reply.writer().begin(Rtnl.RTM_NEWROUTE, 0, 1);
        RouteCodec.add(w, r);
        assertEquals(r, RouteCodec.parse(only(FakeKernel.Reply.of(w))));
    }

    @Test
    void movedToKeepsOnlyPathsThroughTheTemplate() throws Exception {
        Route r = new Route(IpFamily.IPV4, null, 0, null, 0, -1, Rtnl.RT_TABLE_MAIN, 3, 0, 1, 0,
                List.of(new NextHop(2, ip("192.0.2.1"), 1, 0),
                        new NextHop(3, ip("203.0.113.1"), 5, 0)));
        Route moved = r.movedTo(2, 40);
        assertEquals(40, moved.oif());
        assertEquals(ip("192.0.2.1"), moved.gateway());
        assertTrue(moved.nextHops().isEmpty());
        assertNull(r.movedTo(9, 40));
    }

    @Test
    void requestOverflowIsAnErrorNotAnIndexException() {
        RequestWriter w = new RequestWriter(MemorySegment.ofArray(new byte[32]));
        w.begin(Rtnl.RTM_NEWLINK, 0, 1);
        NetlinkException e = assertThrows(NetlinkException.class,
                () -> w.attr(1, new byte[64]));
        assertEquals(Errno.EMSGSIZE, e.errno());
    }

    // ---- malformed input ----------------------------------------------------------------

    private static byte[] bytes(FakeKernel.Reply r) {
        return r.bytes().clone();
    }

    private static void assertMalformed(byte[] datagram, java.util.function.Consumer<Message> use) {
        assertThrows(MalformedReplyException.class, () -> {
            MessageCursor c = new MessageCursor(MemorySegment.ofArray(datagram), datagram.length);
            while (c.next()) {
                use.accept(c.message());
            }
        });
    }

    private static void putInt(byte[] b, int off, int v) {
        MemorySegment.ofArray(b).set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, off, v);
    }

    private static void putShort(byte[] b, int off, int v) {
        MemorySegment.ofArray(b).set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, off,
                (short) v);
    }

    private static byte[] linkMessage() {
        RequestWriter w = FakeKernel.Reply.writer().begin(Rtnl.RTM_NEWLINK, 0, 1);
        LinkCodec.header(w, 3, 0, 0).attrString(Rtnl.IFLA_IFNAME, "eth0")
                .attrI32(Rtnl.IFLA_MTU, 1500);
        return bytes(FakeKernel.Reply.of(w));
    }

    @Test
    void messageLengthBeyondDatagram() {
        byte[] b = linkMessage();
        putInt(b, 0, b.length + 4);
        assertMalformed(b, m -> {});
    }

    @Test
    void messageLengthShorterThanHeader() {
        byte[] b = linkMessage();
        putInt(b, 0, 8);
        assertMalformed(b, m -> {});
        putInt(b, 0, -1);
        assertMalformed(b, m -> {});
    }

    @Test
    void trailingBytesLessThanAHeader() {
        byte[] b = linkMessage();
        byte[] longer = java.util.Arrays.copyOf(b, b.length + 6);
        assertMalformed(longer, m -> {});
    }

    @Test
    void attributeLengthBeyondMessage() {
        byte[] b = linkMessage();
        assertLengthChecked(b, Rtnl.NLMSG_HDRLEN + Rtnl.IFINFOMSG_SIZE, 200, 2, LinkCodec::parse);
    }

    /** A 16-bit length at {@code off} that is too big, then too small, must be caught. */
    private static void assertLengthChecked(byte[] b, int off, int tooBig, int tooSmall,
                                            java.util.function.Consumer<Message> parse) {
        putShort(b, off, tooBig);
        assertMalformed(b, parse);
        putShort(b, off, tooSmall);
        assertMalformed(b, parse);
    }

    @Test
    void familyStructTruncated() {
        byte[] b = new byte[Rtnl.NLMSG_HDRLEN + 4];
        putInt(b, 0, b.length);
        putShort(b, Rtnl.NLMSG_TYPE_OFF, Rtnl.RTM_NEWROUTE);
        assertMalformed(b, RouteCodec::parse);
    }

    /** A writer holding the start of an IPv4 RTM_NEWROUTE reply, for attributes to follow. */
    private static RequestWriter routeReply() {
        RequestWriter w = FakeKernel.Reply.writer().begin(Rtnl.RTM_NEWROUTE, 0, 1);
        RouteCodec.dumpHeader(w, IpFamily.IPV4);
        return w;
    }

    @Test
    void attributeTooShortForItsValue() {
        assertMalformed(bytes(FakeKernel.Reply.of(routeReply().attr(Rtnl.RTA_OIF, new byte[2]))),
                RouteCodec::parse);
        assertMalformed(bytes(FakeKernel.Reply.of(routeReply().attr(Rtnl.RTA_GATEWAY,
                new byte[3]))), RouteCodec::parse);
    }

    @Test
    void nextHopLengthLies() throws Exception {
        RequestWriter w = routeReply();
        int mp = w.beginNested(Rtnl.RTA_MULTIPATH);
        int nh = w.beginNextHop(0, 0, 2);
        w.attr(Rtnl.RTA_GATEWAY, ip("192.0.2.1").getAddress());
        w.end(nh).end(mp);
        assertLengthChecked(bytes(FakeKernel.Reply.of(w)), nh, 100, 4, RouteCodec::parse);
    }

    @Test
    void garbageNeverEscapesAsIndexError() {
        java.util.Random rnd = new java.util.Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] b = linkMessage();
            for (int k = 0; k < 3; k++) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            try {
                MessageCursor c = new MessageCursor(MemorySegment.ofArray(b), b.length);
                while (c.next()) {
                    LinkCodec.parse(c.message());
                    RouteCodec.parse(c.message());
                    AddressCodec.parse(c.message());
                }
            } catch (MalformedReplyException expected) {
                // the only acceptable failure
            }
        }
    }

    @Test
    void macFromAttributeOctets() {
        byte[] octets = {(byte) 0x9a, 0x55, (byte) 0x9a, 0x55, (byte) 0x9a, 0x05};
        MacAddress m = MacAddress.of(octets);
        assertEquals(MacAddress.parse("9a:55:9A:55:9a:05"), m);
        assertArrayEquals(octets, m.toBytes());
        assertThrows(IllegalArgumentException.class, () -> MacAddress.of(new byte[5]));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.of(new byte[7]));
    }

    @Test
    void ipv6TextIsCompressed() throws Exception {
        assertEquals("2001:db8::1", IpText.of(ip("2001:db8:0:0:0:0:0:1")));
        assertEquals("::", IpText.of(ip("::")));
        assertEquals("fe80::", IpText.of(ip("fe80::")));
        assertEquals("2001:db8:0:1:1:1:1:1", IpText.of(ip("2001:db8:0:1:1:1:1:1")));
        assertEquals("2001:0:0:1::1", IpText.of(ip("2001:0:0:1:0:0:0:1")));
        assertEquals("192.0.2.1/24", IpText.prefix(ip("192.0.2.1"), 24));
    }
}

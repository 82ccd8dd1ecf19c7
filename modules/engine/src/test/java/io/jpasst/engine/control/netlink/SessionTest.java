package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Errno;
import io.jpasst.engine.control.netlink.FakeKernel.Reply;
import io.jpasst.sys.Rtnl;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session's request/reply logic against scripted replies: acks, errors, dumps. */
class SessionTest {
    private static Reply link(int seq, int index, String name) {
        RequestWriter w = Reply.writer().begin(Rtnl.RTM_NEWLINK, Rtnl.NLM_F_MULTI, seq);
        LinkCodec.header(w, index, 0, 0).attrString(Rtnl.IFLA_IFNAME, name)
                .attrI32(Rtnl.IFLA_MTU, 1500);
        return Reply.of(w);
    }

    @Test
    void ackedChangeSendsFlagsAndAttributes() {
        FakeKernel k = new FakeKernel((req, r) -> r.datagram(Reply.error(req.seq(), 0)));
        try (Rtnetlink nl = new Rtnetlink(k)) {
            nl.setMtu(7, 9000);
        }
        assertTrue(k.closed);
        Message sent = k.sent().get(0);
        assertEquals(Rtnl.RTM_NEWLINK, sent.type());
        assertEquals(Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK, sent.flags());
        assertEquals(7, sent.i32(Rtnl.IFI_INDEX_OFF));
        AttrCursor a = sent.attributes(Rtnl.IFINFOMSG_SIZE);
        assertTrue(a.next());
        assertEquals(Rtnl.IFLA_MTU, a.type());
        assertEquals(9000, a.i32());
    }

    @Test
    void kernelErrorBecomesExceptionWithErrno() throws Exception {
        FakeKernel k = new FakeKernel((req, r) -> r.datagram(
                Reply.error(req.seq(), Errno.EEXIST)));
        Rtnetlink nl = new Rtnetlink(k);
        NetlinkException e = assertThrows(NetlinkException.class,
                () -> nl.addRoute(Route.unicast(IpFamily.IPV4, null, 0,
                        InetAddress.getByName("192.0.2.1"), 3)));
        assertEquals(Errno.EEXIST, e.errno());
        assertTrue(e.getMessage().startsWith("add route default via 192.0.2.1"), e.getMessage());
    }

    @Test
    void dumpSpansDatagramsAndSkipsStaleReplies() {
        FakeKernel k = new FakeKernel((req, r) -> {
            int s = req.seq();
            assertEquals(Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP, req.flags());
            r.datagram(link(s - 1, 99, "stale"), Reply.error(s - 1, 0), link(s, 1, "lo"))
                    .datagram(link(s, 2, "eth0"), link(s, 3, "eth1"))
                    .datagram(Reply.done(s));
        });
        List<Link> links = new Rtnetlink(k).links();
        assertEquals(List.of("lo", "eth0", "eth1"), links.stream().map(Link::name).toList());
    }

    @Test
    void dumpEndingInErrorFails() {
        FakeKernel k = new FakeKernel((req, r) -> r.datagram(link(req.seq(), 1, "lo"),
                Reply.error(req.seq(), 16)));
        NetlinkException e = assertThrows(NetlinkException.class, () -> new Rtnetlink(k).links());
        assertEquals(16, e.errno());
    }

    @Test
    void interruptedDumpIsRestarted() {
        AtomicInteger calls = new AtomicInteger();
        FakeKernel k = new FakeKernel((req, r) -> {
            int s = req.seq();
            if (calls.incrementAndGet() == 1) {
                RequestWriter w = Reply.writer().begin(Rtnl.NLMSG_DONE,
                        Rtnl.NLM_F_MULTI | Rtnl.NLM_F_DUMP_INTR, s);
                w.reserve(4);
                r.datagram(link(s, 5, "half"), Reply.of(w));
            } else {
                r.datagram(link(s, 1, "lo"), link(s, 2, "eth0"), Reply.done(s));
            }
        });
        assertEquals(2, new Rtnetlink(k).links().size());
        assertEquals(2, calls.get());
    }

    @Test
    void truncatedDatagramIsMalformed() {
        FakeKernel k = new FakeKernel((req, r) -> r.raw(new byte[128 * 1024]));
        assertThrows(MalformedReplyException.class, () -> new Rtnetlink(k).links());
    }

    @Test
    void garbageReplyIsMalformed() {
        FakeKernel k = new FakeKernel((req, r) -> r.raw(new byte[] {1, 2, 3, 4, 5, 6, 7, 8,
                9, 10, 11, 12, 13, 14, 15, 16, 17}));
        assertThrows(MalformedReplyException.class, () -> new Rtnetlink(k).links());
    }

    @Test
    void linkIndexByName() {
        FakeKernel k = new FakeKernel((req, r) -> {
            AttrCursor a = req.attributes(Rtnl.IFINFOMSG_SIZE);
            assertTrue(a.next());
            assertEquals(Rtnl.IFLA_IFNAME, a.type());
            assertEquals("veth7", a.string());
            r.datagram(link(req.seq(), 12, "veth7"), Reply.error(req.seq(), 0));
        });
        assertEquals(12, new Rtnetlink(k).linkIndex("veth7"));
    }

    @Test
    void sendFailureReported() {
        NetlinkTransport broken = new NetlinkTransport() {
            @Override
            public int send(java.lang.foreign.MemorySegment request, int length) {
                return -105;
            }

            @Override
            public long receive(java.lang.foreign.MemorySegment buffer) {
                throw new AssertionError();
            }

            @Override
            public void close() {}
        };
        NetlinkException e = assertThrows(NetlinkException.class,
                () -> new Rtnetlink(broken).setLinkUp(1));
        assertEquals(105, e.errno());
    }

    @Test
    void extendedAckTextIsReported() {
        FakeKernel k = new FakeKernel((req, r) -> {
            RequestWriter w = Reply.writer().begin(Rtnl.NLMSG_ERROR,
                    Rtnl.NLM_F_ACK_TLVS | Rtnl.NLM_F_CAPPED, req.seq());
            int e = w.reserve(Rtnl.NLMSGERR_SIZE);
            w.i32(e + Rtnl.NLMSGERR_ERROR_OFF, -io.jpasst.sys.Errno.ENETUNREACH);
            w.i32(e + Rtnl.NLMSGERR_MSG_OFF + Rtnl.NLMSG_LEN_OFF, Rtnl.NLMSG_HDRLEN);
            w.attrString(Rtnl.NLMSGERR_ATTR_MSG, "Nexthop has invalid gateway");
            r.datagram(Reply.of(w));
        });
        NetlinkException e = assertThrows(NetlinkException.class, () -> new Rtnetlink(k).setLinkUp(2));
        assertEquals("Nexthop has invalid gateway", e.kernelText());
        assertTrue(e.reason().endsWith("(Nexthop has invalid gateway)"), e.reason());
    }

    @Test
    void extendedAckWithLyingEchoIsMalformed() {
        FakeKernel k = new FakeKernel((req, r) -> {
            RequestWriter w = Reply.writer().begin(Rtnl.NLMSG_ERROR, Rtnl.NLM_F_ACK_TLVS, req.seq());
            int e = w.reserve(Rtnl.NLMSGERR_SIZE);
            w.i32(e + Rtnl.NLMSGERR_ERROR_OFF, -1);
            w.i32(e + Rtnl.NLMSGERR_MSG_OFF + Rtnl.NLMSG_LEN_OFF, 4000);
            r.datagram(Reply.of(w));
        });
        assertThrows(MalformedReplyException.class, () -> new Rtnetlink(k).setLinkUp(2));
    }
}

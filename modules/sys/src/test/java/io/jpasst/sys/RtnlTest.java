package io.jpasst.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** Talks rtnetlink with the offsets from {@link Rtnl}, in a throwaway namespace. */
class RtnlTest {
    @Test
    void linkDumpOfAFreshNamespaceShowsLoopback() throws Exception {
        NetnsThread.call(() -> {
            int fd = Sock.socket(Rtnl.AF_NETLINK, Sock.SOCK_RAW | Sock.SOCK_CLOEXEC, Rtnl.NETLINK_ROUTE);
            assertTrue(fd >= 0);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment nl = arena.allocate(SockAddr.NL_SIZE);
                assertEquals(0, Sock.bind(fd, nl, 0, SockAddr.writeNl(nl, 0, 0, 0)));
                assertEquals(SockAddr.NL_SIZE, Sock.getsockname(fd, nl, 0));
                assertEquals(Rtnl.AF_NETLINK, SockAddr.family(nl, 0));
                assertTrue(SockAddr.nlPid(nl, 0) != 0, "kernel assigned a port id");

                int len = Rtnl.NLMSG_HDRLEN + Rtnl.IFINFOMSG_SIZE;
                MemorySegment req = arena.allocate(len, 4);
                req.set(ValueLayout.JAVA_INT, Rtnl.NLMSG_LEN_OFF, len);
                req.set(ValueLayout.JAVA_SHORT, Rtnl.NLMSG_TYPE_OFF, (short) Rtnl.RTM_GETLINK);
                req.set(ValueLayout.JAVA_SHORT, Rtnl.NLMSG_FLAGS_OFF, (short) (Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP));
                req.set(ValueLayout.JAVA_INT, Rtnl.NLMSG_SEQ_OFF, 42);
                assertEquals(len, Sock.send(fd, req, 0, len, 0));

                MemorySegment buf = arena.allocate(32768, 8);
                long n = Sock.recv(fd, buf, 0, buf.byteSize(), 0);
                assertTrue(n > Rtnl.NLMSG_HDRLEN, "received " + n);
                assertEquals(Rtnl.RTM_NEWLINK, buf.get(ValueLayout.JAVA_SHORT, Rtnl.NLMSG_TYPE_OFF));
                assertEquals(42, buf.get(ValueLayout.JAVA_INT, Rtnl.NLMSG_SEQ_OFF));
                long ifi = Rtnl.NLMSG_HDRLEN;
                assertEquals(1, buf.get(ValueLayout.JAVA_INT, ifi + Rtnl.IFI_INDEX_OFF), "lo is ifindex 1");
                assertEquals(Tun.IFF_LOOPBACK, buf.get(ValueLayout.JAVA_INT, ifi + Rtnl.IFI_FLAGS_OFF) & Tun.IFF_LOOPBACK);
            } finally {
                Fd.close(fd);
            }
            return null;
        });
    }
}

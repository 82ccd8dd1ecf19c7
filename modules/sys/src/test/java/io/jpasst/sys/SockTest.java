package io.jpasst.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SockTest {
    private static final int LOOPBACK = 0x7F00_0001;
    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void free() {
        arena.close();
    }

    private static int ok(int r) {
        assertTrue(r >= 0, () -> Errno.describe(r));
        return r;
    }

    private int udpOnLoopback() {
        int fd = ok(Sock.socket(Sock.AF_INET, Sock.SOCK_DGRAM | Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC, 0));
        MemorySegment sa = arena.allocate(SockAddr.STORAGE_SIZE);
        ok(Sock.bind(fd, sa, 0, SockAddr.writeIn4(sa, 0, LOOPBACK, 0)));
        return fd;
    }

    @Test
    void socketpairSendRecv() {
        long pair = Sock.socketpair(Sock.AF_UNIX, Sock.SOCK_STREAM | Sock.SOCK_NONBLOCK, 0);
        assertTrue(pair >= 0);
        int a = Fd.first(pair);
        int b = Fd.second(pair);
        try {
            MemorySegment buf = arena.allocateFrom("hello, jpasst");
            assertEquals(5, Sock.send(a, buf, 7, 5, Sock.MSG_NOSIGNAL));
            MemorySegment in = arena.allocate(16);
            assertEquals(5, Sock.recv(b, in, 1, 15, Sock.MSG_PEEK));
            assertEquals(5, Sock.recv(b, in, 1, 15, 0));
            assertEquals("jpass", in.getString(1).substring(0, 5));
            assertEquals(-Errno.EAGAIN, (int) Sock.recv(b, in, 0, 16, 0));
            assertEquals(0, Sock.shutdown(a, Sock.SHUT_WR));
            assertEquals(0, Sock.recv(b, in, 0, 16, 0), "orderly shutdown reads as 0");
        } finally {
            Fd.close(a);
            Fd.close(b);
        }
    }

    @Test
    void boundAddressReadsBack() {
        int fd = udpOnLoopback();
        try {
            MemorySegment sa = arena.allocate(SockAddr.STORAGE_SIZE);
            assertEquals(SockAddr.IN_SIZE, Sock.getsockname(fd, sa, 0));
            assertEquals(Sock.AF_INET, SockAddr.family(sa, 0));
            assertEquals(LOOPBACK, SockAddr.in4Addr(sa, 0));
            assertTrue(SockAddr.port(sa, 0) > 0, "ephemeral port assigned");
            assertEquals(-Errno.ENOTCONN, Sock.getpeername(fd, sa, 0));
        } finally {
            Fd.close(fd);
        }
    }

    @Test
    void datagramsWithAddresses() {
        int rx = udpOnLoopback();
        int tx = udpOnLoopback();
        try {
            MemorySegment dst = arena.allocate(SockAddr.STORAGE_SIZE);
            int dstLen = Sock.getsockname(rx, dst, 0);
            MemorySegment txName = arena.allocate(SockAddr.STORAGE_SIZE);
            Sock.getsockname(tx, txName, 0);
            MemorySegment data = arena.allocate(100);
            data.set(ValueLayout.JAVA_INT, 40, 0xCAFEBABE);
            assertEquals(4, Sock.sendto(tx, data, 40, 4, 0, dst, 0, dstLen));
            MemorySegment in = arena.allocate(100);
            MemorySegment src = arena.allocate(SockAddr.STORAGE_SIZE);
            assertEquals(4, Sock.recvfrom(rx, in, 8, 92, 0, src, 0, SockAddr.STORAGE_SIZE));
            assertEquals(SockAddr.IN_SIZE, Sock.lastAddressLength());
            assertEquals(0xCAFEBABE, in.get(ValueLayout.JAVA_INT, 8));
            assertEquals(SockAddr.port(txName, 0), SockAddr.port(src, 0));
        } finally {
            Fd.close(rx);
            Fd.close(tx);
        }
    }

    @Test
    void batchedDatagrams() {
        int rx = udpOnLoopback();
        int tx = udpOnLoopback();
        try {
            MemorySegment dst = arena.allocate(SockAddr.STORAGE_SIZE);
            int dstLen = Sock.getsockname(rx, dst, 0);
            int n = 3;
            MemorySegment bufs = arena.allocate(n * 64L);
            MemorySegment iovs = arena.allocate((long) n * IoVec.SIZE);
            MemorySegment vec = arena.allocate((long) n * MMsgHdr.SIZE);
            for (int i = 0; i < n; i++) {
                bufs.set(ValueLayout.JAVA_BYTE, i * 64L, (byte) (i + 1));
                IoVec.setAt(iovs, 0, i, bufs.address() + i * 64L, i + 1);
                MMsgHdr.set(vec, MMsgHdr.at(0, i), dst.address(), dstLen, iovs.address() + (long) i * IoVec.SIZE, 1, 0, 0);
            }
            assertEquals(n, Sock.sendmmsg(tx, vec, 0, n, 0));
            MemorySegment rbufs = arena.allocate(n * 64L);
            MemorySegment names = arena.allocate((long) n * SockAddr.STORAGE_SIZE);
            for (int i = 0; i < n; i++) {
                IoVec.setAt(iovs, 0, i, rbufs.address() + i * 64L, 64);
                MMsgHdr.set(vec, MMsgHdr.at(0, i), names.address() + (long) i * SockAddr.STORAGE_SIZE,
                        SockAddr.STORAGE_SIZE, iovs.address() + (long) i * IoVec.SIZE, 1, 0, 0);
            }
            assertEquals(n, Sock.recvmmsg(rx, vec, 0, n, Sock.MSG_DONTWAIT));
            for (int i = 0; i < n; i++) {
                assertEquals(i + 1, MMsgHdr.len(vec, MMsgHdr.at(0, i)));
                assertEquals(i + 1, rbufs.get(ValueLayout.JAVA_BYTE, i * 64L));
                assertEquals(SockAddr.IN_SIZE, MsgHdr.namelen(vec, MMsgHdr.at(0, i) + MMsgHdr.HDR_OFF));
            }
        } finally {
            Fd.close(rx);
            Fd.close(tx);
        }
    }

    @Test
    void tcpOptionsAndInfo() {
        int l = ok(Sock.socket(Sock.AF_INET, Sock.SOCK_STREAM | Sock.SOCK_CLOEXEC, 0));
        int c = ok(Sock.socket(Sock.AF_INET, Sock.SOCK_STREAM | Sock.SOCK_CLOEXEC, 0));
        int a = -1;
        try {
            assertEquals(0, Sock.setsockoptInt(l, Sock.SOL_SOCKET, Sock.SO_REUSEADDR, 1));
            assertEquals(1, Sock.getsockoptInt(l, Sock.SOL_SOCKET, Sock.SO_REUSEADDR));
            MemorySegment sa = arena.allocate(SockAddr.STORAGE_SIZE);
            ok(Sock.bind(l, sa, 0, SockAddr.writeIn4(sa, 0, LOOPBACK, 0)));
            ok(Sock.listen(l, 8));
            int len = Sock.getsockname(l, sa, 0);
            ok(Sock.connect(c, sa, 0, len));
            MemorySegment peer = arena.allocate(SockAddr.STORAGE_SIZE);
            a = ok(Sock.accept4(l, peer, 0, Sock.SOCK_CLOEXEC));
            assertEquals(SockAddr.IN_SIZE, Sock.lastAddressLength());
            assertEquals(LOOPBACK, SockAddr.in4Addr(peer, 0));
            assertEquals(0, Sock.setsockoptInt(a, Sock.IPPROTO_TCP, Sock.TCP_NODELAY, 1));
            assertEquals(1, Sock.getsockoptInt(a, Sock.IPPROTO_TCP, Sock.TCP_NODELAY));
            assertEquals(Sock.SOCK_STREAM, Sock.getsockoptInt(a, Sock.SOL_SOCKET, Sock.SO_TYPE));
            assertEquals(-Errno.ENOPROTOOPT, Sock.getsockoptInt(a, Sock.SOL_SOCKET, 0x7fff));
            MemorySegment info = arena.allocate(TcpInfo.SIZE);
            int got = Sock.getsockopt(a, Sock.IPPROTO_TCP, Sock.TCP_INFO, info, 0, TcpInfo.SIZE);
            assertTrue(got > TcpInfo.SND_MSS_OFF, "got " + got);
            assertEquals(1, info.get(ValueLayout.JAVA_BYTE, TcpInfo.STATE_OFF), "TCP_ESTABLISHED");
            assertTrue(info.get(ValueLayout.JAVA_INT, TcpInfo.SND_MSS_OFF) > 0);
            assertEquals(0, Fd.ioctlInt(a, Tun.SIOCOUTQ));
        } finally {
            Fd.close(a);
            Fd.close(c);
            Fd.close(l);
        }
    }
}

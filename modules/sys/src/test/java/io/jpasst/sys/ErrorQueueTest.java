package io.jpasst.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * The error queue of a real socket: a datagram to a closed loopback port comes back as ICMP
 * port unreachable (type 3 code 3, ICMPv6 1/4) from the loopback address, with the start of
 * its payload; reading errors allocates nothing per error.
 */
class ErrorQueueTest {
    private static final int UNREACH4 = 3;
    private static final int PORT_UNREACH4 = 3;
    private static final int UNREACH6 = 1;
    private static final int PORT_UNREACH6 = 4;

    /** A datagram socket with RECVERR connected to a loopback port nothing listens on. */
    private static int connectedToClosedPort(boolean six, MemorySegment sa, MemorySegment loop6) {
        int family = six ? Sock.AF_INET6 : Sock.AF_INET;
        int probe = Sock.socket(family, Sock.SOCK_DGRAM, 0);
        int len = six ? SockAddr.writeIn6(sa, 0, loop6, 0, 0, 0) : SockAddr.writeIn4(sa, 0, 0x7f00_0001, 0);
        assertEquals(0, Sock.bind(probe, sa, 0, len));
        Sock.getsockname(probe, sa, 0);
        Fd.close(probe); // its port is now closed
        int fd = Sock.socket(family, Sock.SOCK_DGRAM | Sock.SOCK_NONBLOCK, 0);
        assertEquals(0, Sock.setsockoptInt(fd, six ? Sock.SOL_IPV6 : Sock.SOL_IP,
                six ? Sock.IPV6_RECVERR : Sock.IP_RECVERR, 1));
        assertEquals(0, Sock.connect(fd, sa, 0, six ? SockAddr.IN6_SIZE : SockAddr.IN_SIZE));
        return fd;
    }

    /** Sends one datagram and reads the error it draws; the number of payload bytes kept. */
    private static long roundTrip(int fd, ErrorQueue q, MemorySegment payload) {
        assertEquals(payload.byteSize(), Sock.send(fd, payload, 0, payload.byteSize(), 0));
        for (int i = 0; i < 1000; i++) {
            long n = q.read(fd);
            if (n != -Errno.EAGAIN) {
                return n;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no error queued");
    }

    private void portUnreachable(boolean six) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SockAddr.STORAGE_SIZE, 8);
            MemorySegment loop6 = arena.allocate(16);
            loop6.set(ValueLayout.JAVA_BYTE, 15, (byte) 1);
            MemorySegment payload = arena.allocateFrom("hello, closed port");
            int fd = connectedToClosedPort(six, sa, loop6);
            try {
                ErrorQueue q = new ErrorQueue(8);
                assertEquals(8, roundTrip(fd, q, payload));
                assertTrue(q.found());
                assertEquals(six, q.ipv6Record());
                assertEquals(six ? ErrorQueue.ORIGIN_ICMP6 : ErrorQueue.ORIGIN_ICMP, q.origin());
                assertEquals(six ? UNREACH6 : UNREACH4, q.type());
                assertEquals(six ? PORT_UNREACH6 : PORT_UNREACH4, q.code());
                assertEquals(Errno.ECONNREFUSED, q.errno());
                assertEquals("hello, c", new String(q.data().asSlice(0, 8).toArray(ValueLayout.JAVA_BYTE),
                        java.nio.charset.StandardCharsets.US_ASCII));
                MemorySegment o = q.offender();
                long off = q.offenderOffset();
                if (six) {
                    assertEquals(Sock.AF_INET6, SockAddr.family(o, off));
                    assertEquals(1, o.get(ValueLayout.JAVA_BYTE, off + SockAddr.IN6_ADDR_OFFSET + 15));
                } else {
                    assertEquals(Sock.AF_INET, SockAddr.family(o, off));
                    assertEquals(0x7f00_0001, SockAddr.in4Addr(o, off));
                }
                assertEquals(-Errno.EAGAIN, q.read(fd), "one error per datagram");
            } finally {
                Fd.close(fd);
            }
        }
    }

    @Test
    void portUnreachableIpv4() {
        portUnreachable(false);
    }

    @Test
    void portUnreachableIpv6() {
        portUnreachable(true);
    }

    @Test
    void readingErrorsDoesNotAllocate() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SockAddr.STORAGE_SIZE, 8);
            MemorySegment payload = arena.allocate(64);
            int fd = connectedToClosedPort(false, sa, arena.allocate(16));
            try {
                ErrorQueue q = new ErrorQueue(8);
                for (int i = 0; i < 20_000; i++) {
                    roundTrip(fd, q, payload);
                }
                // The best of a few rounds: on a loaded machine the JIT may not have compiled
                // the path by the first one, and interpreted code allocates where compiled does not.
                long allocated = Long.MAX_VALUE;
                for (int round = 0; round < 5 && allocated >= 64 * 1024; round++) {
                    long before = HotPathAllocationTest.allocatedBytes();
                    for (int i = 0; i < 20_000; i++) {
                        if (roundTrip(fd, q, payload) != 8 || !q.found() || q.type() != UNREACH4) {
                            throw new AssertionError("round " + i);
                        }
                    }
                    allocated = HotPathAllocationTest.allocatedBytes() - before;
                }
                assertTrue(allocated < 64 * 1024, allocated + " bytes allocated reading 20,000 errors");
            } finally {
                Fd.close(fd);
            }
        }
    }
}

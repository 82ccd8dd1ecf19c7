package io.jpasst.engine.proto.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.sys.Errno;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * The window we offer the guest is what the socket really takes: every byte of it is
 * accepted, down to a closed window, whatever the segments' sizes (small ones cost far more
 * buffer memory than their payload), with the kernel sizing the buffer itself.
 */
class TcpSocketsTest {
    private final TcpSockets io = new TcpSockets();
    private final MemorySegment sa = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE, 8);
    private final MemorySegment chunk = Arena.ofAuto().allocate(65536, 8);

    /** A connected loopback pair whose receiver holds little and never reads: {sender, receiver, listener}. */
    private int[] stalledPair() {
        int listener = Sock.socket(Sock.AF_INET, Sock.SOCK_STREAM | Sock.SOCK_CLOEXEC, 0);
        Sock.setsockoptInt(listener, Sock.SOL_SOCKET, Sock.SO_RCVBUF, 4096);
        assertEquals(0, Sock.bind(listener, sa, 0, SockAddr.writeIn4(sa, 0, 0x7f00_0001, 0)));
        assertEquals(0, Sock.listen(listener, 1));
        assertTrue(Sock.getsockname(listener, sa, 0) >= 0);
        int sender = Sock.socket(Sock.AF_INET, Sock.SOCK_STREAM | Sock.SOCK_CLOEXEC, 0);
        Sock.setsockoptInt(sender, Sock.IPPROTO_TCP, Sock.TCP_NODELAY, 1);
        assertEquals(0, Sock.connect(sender, sa, 0, SockAddr.writeIn4(sa, 0, 0x7f00_0001, SockAddr.port(sa, 0))));
        int receiver = Sock.accept4(listener, sa, 0, Sock.SOCK_CLOEXEC);
        assertTrue(receiver >= 0);
        return new int[] {sender, receiver, listener};
    }

    /** Writes {@code room} bytes in {@code size}-byte sends, each after the receiver's ACKs settle; returns the bytes taken. */
    private long fill(int fd, int room, int size) throws InterruptedException {
        long taken = 0;
        while (taken < room) {
            int len = (int) Math.min(size, room - taken);
            long n = Sock.send(fd, chunk, 0, len, Sock.MSG_DONTWAIT | Sock.MSG_NOSIGNAL);
            if (n == -Errno.EAGAIN) {
                return taken;
            }
            assertTrue(n > 0, "send: " + n);
            taken += n;
            if (n < len) {
                return taken;
            }
        }
        return taken;
    }

    private void everyAdvertisedByteIsTaken(int size) throws InterruptedException {
        int[] fds = stalledPair();
        try {
            int buf = Sock.getsockoptInt(fds[0], Sock.SOL_SOCKET, Sock.SO_SNDBUF);
            int rounds = 0;
            int room;
            while ((room = io.sendRoom(fds[0], buf)) >= size && rounds++ < 10_000) {
                long taken = fill(fds[0], room, size);
                assertEquals(room, taken, "advertised " + room + " in " + size + "-byte segments, round " + rounds);
                Thread.sleep(1);
            }
            assertTrue(rounds > 0, "an empty socket offers room");
        } finally {
            for (int fd : fds) {
                Fd.close(fd);
            }
        }
    }

    @Test
    void smallSegmentsGetOnlyTheRoomTheirOverheadLeaves() throws InterruptedException {
        everyAdvertisedByteIsTaken(100);
    }

    @Test
    void largeSegmentsFillTheBuffer() throws InterruptedException {
        everyAdvertisedByteIsTaken(65536);
    }
}

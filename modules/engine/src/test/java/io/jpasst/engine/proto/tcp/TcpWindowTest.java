package io.jpasst.engine.proto.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.packet.ip.Tcp;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The window we offer the guest with send buffers the kernel sizes itself: a new connection's
 * buffer follows the path's MSS and can be smaller than one segment of a guest with a 65520-byte
 * MTU. Such a window is offered as it is, without waiting for room an empty socket never gets.
 */
class TcpWindowTest extends TcpHarness {
    /** TCP_MAXSEG (linux/tcp.h), for the peer only: it makes our socket's first buffer small. */
    private static final int TCP_MAXSEG = 2;
    private static final int GUEST_MSS = 65480;

    @Test
    void smallFirstBufferGivesAWindowAndNoStormOfUpdates() throws Exception {
        MemorySegment sa = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE, 8);
        int listener = Sock.socket(Sock.AF_INET, Sock.SOCK_STREAM | Sock.SOCK_CLOEXEC, 0);
        int peer = -1;
        try {
            assertEquals(0, Sock.setsockoptInt(listener, Sock.IPPROTO_TCP, TCP_MAXSEG, 1000));
            assertEquals(0, Sock.bind(listener, sa, 0, SockAddr.writeIn4(sa, 0, (int) LOOPBACK, 0)));
            assertEquals(0, Sock.listen(listener, 1));
            assertTrue(Sock.getsockname(listener, sa, 0) >= 0);
            int port = SockAddr.port(sa, 0);

            inject(frames.tcp4((int) LOOPBACK, GUEST_PORT, port, 1000, 0, Tcp.SYN, 64240, GUEST_MSS, 7, new byte[0]));
            TcpSegment synAck = nextToGuest();
            assertEquals(Tcp.SYN | Tcp.ACK_FLAG, synAck.flags());
            int isn = synAck.seq();
            peer = Sock.accept4(listener, null, 0, Sock.SOCK_CLOEXEC);
            assertTrue(peer >= 0, "accept: " + peer);
            injectSegment(port, 1001, isn + 1, Tcp.ACK_FLAG, 512, new byte[0]);
            injectSegment(port, 1001, isn + 1, Tcp.ACK_FLAG | Tcp.PSH, 512, new byte[] {'x'});

            TcpSegment ack = nextToGuest();
            assertEquals(1002, ack.ack());
            // The first buffer is below one guest segment, but what it has is offered.
            assertTrue(ack.window() > 0, "window " + ack.window());

            // Idle from here: at most one more update (room freed by the peer's ACK), then silence.
            int more = 0;
            while (tap.poll(300, TimeUnit.MILLISECONDS) != null) {
                assertTrue(++more <= 1, "window updates keep coming to an idle connection");
            }
            onLoop(() -> assertEquals(1, tcp.connections()));
            assertNull(tap.poll(100, TimeUnit.MILLISECONDS));
        } finally {
            if (peer >= 0) {
                Fd.close(peer);
            }
            Fd.close(listener);
        }
    }
}

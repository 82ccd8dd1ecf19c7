package io.jpasst.engine.proto.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.packet.ip.Tcp;
import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What makes a quiet guest speak: keepalives after a silent interval, probes into a closed
 * window, and our SYN's retries as the host's sysctls schedule them.
 */
class TcpProbesTest extends TcpHarness {
    private static final long MS = 1_000_000L;
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);

    private static TcpTimeouts timeouts(long rtoMs, int maxRetransmissions, int synRetries, int synLinear,
                                        long keepaliveMs) {
        return new TcpTimeouts(rtoMs * MS, maxRetransmissions, 60_000 * MS, 7_200_000 * MS, 600_000 * MS,
                synRetries, synLinear, 120_000 * MS, keepaliveMs * MS);
    }

    /** A probe or keepalive: a bare ACK one before our next sequence number. */
    private static void assertProbe(TcpSegment seg, int isn) {
        assertEquals(Tcp.ACK_FLAG, seg.flags(), "flags");
        assertEquals(isn, seg.seq(), "one before our next byte (isn + 1)");
        assertEquals(0, seg.payloadLength());
    }

    @Test
    void quietGuestGetsKeepalivesAndItsResetEndsTheFlow() throws Exception {
        restartWith(timeouts(1000, 7, 6, 4, 300));
        int[] isn = new int[1];
        try (ServerSocket server = loopbackServer(); Socket peer = establish(server, isn)) {
            int port = server.getLocalPort();
            // Two intervals without a word from the guest: a keepalive.
            assertProbe(nextToGuestWithin(3), isn[0]);
            // A live guest answers; the flow stays, and the next silence brings the next one.
            injectSegment(port, 1001, isn[0] + 1, Tcp.ACK_FLAG, 512, new byte[0]);
            onLoop(() -> assertEquals(1, tcp.connections()));
            assertProbe(nextToGuestWithin(3), isn[0]);
            // A guest that forgot the connection answers with a reset: both sides go.
            injectSegment(port, 1001, 0, Tcp.RST, 0, new byte[0]);
            assertReset(peer);
            onLoop(() -> assertEquals(0, tcp.connections()));
        }
    }

    @Test
    void talkingGuestGetsNoKeepalive() throws Exception {
        restartWith(timeouts(1000, 7, 6, 4, 300));
        int[] isn = new int[1];
        try (ServerSocket server = loopbackServer(); Socket peer = establish(server, isn)) {
            int port = server.getLocalPort();
            for (int i = 0; i < 12; i++) {
                injectSegment(port, 1001, isn[0] + 1, Tcp.ACK_FLAG, 512, new byte[0]);
                Thread.sleep(100);
            }
            assertEquals(null, tap.poll(0, java.util.concurrent.TimeUnit.MILLISECONDS), "nothing to the guest while it talks");
        }
    }

    @Test
    void closedWindowIsProbedUntilItOpens() throws Exception {
        restartWith(timeouts(200, 7, 6, 4, 600_000));
        int[] isn = new int[1];
        try (ServerSocket server = loopbackServer(); Socket peer = establish(server, isn)) {
            int port = server.getLocalPort();
            injectSegment(port, 1001, isn[0] + 1, Tcp.ACK_FLAG, 0, new byte[0]);
            peer.getOutputStream().write(DATA);
            // The window is closed: a probe instead of the data, and another after the answer.
            assertProbe(nextToGuestWithin(3), isn[0]);
            injectSegment(port, 1001, isn[0] + 1, Tcp.ACK_FLAG, 0, new byte[0]);
            assertProbe(nextToGuestWithin(3), isn[0]);
            // The answer that opens it brings the data.
            injectSegment(port, 1001, isn[0] + 1, Tcp.ACK_FLAG, 512, new byte[0]);
            TcpSegment data = nextToGuestWithin(3);
            assertEquals(isn[0] + 1, data.seq());
            assertArrayEquals(DATA, payloadOf(data));
        }
    }

    @Test
    void closedWindowGuestThatNeverAnswersIsReset() throws Exception {
        restartWith(timeouts(50, 3, 6, 4, 600_000));
        int[] isn = new int[1];
        try (ServerSocket server = loopbackServer(); Socket peer = establish(server, isn)) {
            injectSegment(server.getLocalPort(), 1001, isn[0] + 1, Tcp.ACK_FLAG, 0, new byte[0]);
            peer.getOutputStream().write(DATA);
            assertResetAfter(peer, 3, "probes before giving up", seg -> assertProbe(seg, isn[0]));
        }
    }

    /**
     * Our SYN to the guest: sent, then {@code synRetries} more times, the first
     * {@code synLinear} after one timeout each and the rest doubling; then a reset.
     */
    @Test
    void synToTheGuestIsRetriedAsTheSysctlsSay() throws Exception {
        // What tcp_syn_retries 1 and tcp_syn_linear_timeouts 2 make (TcpTimeoutsTest): three retries, two linear.
        restartWith(timeouts(100, 7, 3, 2, 600_000));
        MemorySegment sa = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE, 8);
        int listener = hostSideListener(sa);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), SockAddr.port(sa, 0))) {
            int accepted = Sock.accept4(listener, sa, 0, Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC);
            assertTrue(accepted >= 0);
            onLoop(() -> tcp.acceptedFromHost(accepted, 8080, System.nanoTime()));
            int syns = 0;
            long first = 0;
            TcpSegment seg;
            while (!(seg = nextToGuestWithin(3)).has(Tcp.RST)) {
                assertEquals(Tcp.SYN, seg.flags());
                first = syns++ == 0 ? System.nanoTime() : first;
            }
            long ms = (System.nanoTime() - first) / MS;
            // The SYN and three retries, 100 ms apart for the linear ones, then 200 ms; the
            // reset after the last one's timeout.
            assertEquals(4, syns, "SYNs to the guest");
            assertTrue(ms >= 450, "the handshake lasted " + ms + " ms; the schedule says 500");
        } finally {
            Fd.close(listener);
        }
    }
}

package io.jpasst.engine.proto.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.packet.ip.Tcp;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.engine.testkit.TestClock;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Each timeout of the translation fires at its deadline on the loop's clock, not a moment
 * before and not rounded up to a tick: the clock stands still ({@link TestClock}) except when
 * the test moves it, to a nanosecond before a deadline (nothing may happen) and then to the
 * deadline itself (the retransmission, probe or reset must be out at once).
 */
class TcpDeadlinesTest extends TcpHarness {
    private static final long S = 1_000_000_000L;
    private static final long T0 = TestClock.START;
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);

    private final TestClock clock = new TestClock();

    /** One-second RTO, seven tries; SYN retries 3 (2 linear); keepalives as given; long idle limits. */
    private void startWith(long closingNs, long keepaliveNs) throws InterruptedException {
        restartWith(new TcpTimeouts(S, 7, closingNs, 7200 * S, 600 * S, 3, 2, 120 * S, keepaliveNs), clock);
    }

    /** Nothing to the guest with the clock a nanosecond before {@code deadline}. */
    private void assertNothingBefore(long deadline) throws InterruptedException {
        clock.set(deadline - 1);
        harness.awaitRoundAt(deadline - 1);
        byte[] early = tap.poll(0, TimeUnit.MILLISECONDS);
        assertNull(early, () -> "a frame before the deadline, at T0 + " + (deadline - 1 - T0) + " ns");
    }

    /** What went to the guest in the first round at {@code deadline}. */
    private TcpSegment sentAt(long deadline) throws InterruptedException {
        clock.set(deadline);
        harness.awaitRoundAt(deadline);
        byte[] f = tap.poll(0, TimeUnit.MILLISECONDS);
        assertNotNull(f, () -> "nothing to the guest at its deadline, T0 + " + (deadline - T0) + " ns");
        tap.pushBack(f);
        return nextToGuest();
    }

    private TcpSegment exactlyAt(long deadline) throws InterruptedException {
        assertNothingBefore(deadline);
        return sentAt(deadline);
    }

    @Test
    void unacknowledgedDataGoesAgainAtEachBackedOffDeadline() throws Exception {
        startWith(60 * S, 600 * S);
        int[] isn = new int[1];
        try (ServerSocket server = loopbackServer(); Socket peer = establish(server, isn)) {
            peer.getOutputStream().write(DATA);
            TcpSegment first = nextToGuest();
            assertArrayEquals(DATA, payloadOf(first));
            // Sent at T0 (the clock stands still): again after one RTO, then after two more.
            for (long deadline : new long[] {T0 + S, T0 + 3 * S, T0 + 7 * S}) {
                TcpSegment again = exactlyAt(deadline);
                assertEquals(isn[0] + 1, again.seq(), "the retransmission starts at the unacknowledged byte");
                assertArrayEquals(DATA, payloadOf(again));
            }
        }
    }

    @Test
    void quietGuestGetsItsKeepaliveOneIntervalAfterItsLastSegment() throws Exception {
        startWith(60 * S, 30 * S);
        int[] isn = new int[1];
        try (ServerSocket server = loopbackServer(); Socket peer = establish(server, isn)) {
            // The guest's last word (the handshake's ACK) came at T0.
            TcpSegment keepalive = exactlyAt(T0 + 30 * S);
            assertEquals(Tcp.ACK_FLAG, keepalive.flags());
            assertEquals(isn[0], keepalive.seq(), "one before our next byte");
            // Still silent: the next one an interval after the first.
            assertEquals(isn[0], exactlyAt(T0 + 60 * S).seq());
            // An answer moves the next one an interval past it.
            clock.set(T0 + 70 * S);
            injectSegment(server.getLocalPort(), 1001, isn[0] + 1, Tcp.ACK_FLAG, 512, new byte[0]);
            assertEquals(isn[0], exactlyAt(T0 + 100 * S).seq());
            onLoop(() -> assertEquals(1, tcp.connections()));
        }
    }

    @Test
    void closedWindowIsProbedOneTimeoutAfterItClosed() throws Exception {
        startWith(60 * S, 600 * S);
        int[] isn = new int[1];
        try (ServerSocket server = loopbackServer(); Socket peer = establish(server, isn)) {
            injectSegment(server.getLocalPort(), 1001, isn[0] + 1, Tcp.ACK_FLAG, 0, new byte[0]);
            long before = tcpEvents();
            peer.getOutputStream().write(DATA);
            // The data waits in the socket for the window; its readiness comes at T0 too.
            while (tcpEvents() == before) {
                Thread.sleep(1);
            }
            TcpSegment probe = exactlyAt(T0 + S);
            assertEquals(Tcp.ACK_FLAG, probe.flags());
            assertEquals(isn[0], probe.seq());
            assertEquals(0, probe.payloadLength());
            // Unanswered, the next after two timeouts.
            assertEquals(isn[0], exactlyAt(T0 + 3 * S).seq());
        }
    }

    @Test
    void halfClosedFlowGoesOneNanosecondPastItsIdleLimit() throws Exception {
        startWith(60 * S, 600 * S);
        int[] isn = new int[1];
        try (ServerSocket server = loopbackServer(); Socket peer = establish(server, isn)) {
            injectSegment(server.getLocalPort(), 1001, isn[0] + 1, Tcp.FIN | Tcp.ACK_FLAG, 512, new byte[0]);
            TcpSegment ack = nextToGuest();
            assertEquals(1002, ack.ack(), "the guest's FIN is acknowledged");
            assertEquals(-1, peer.getInputStream().read(), "the peer sees the end of the stream");
            // A minute without traffic is allowed; a nanosecond more is not.
            TcpSegment rst = exactlyAt(T0 + 60 * S + 1);
            assertTrue(rst.has(Tcp.RST), "a reset to the guest");
            // The peer, which read our FIN, learns of the reset when it writes.
            assertThrows(IOException.class, () -> {
                for (int i = 0; i < 10; i++) {
                    peer.getOutputStream().write(DATA);
                    Thread.sleep(10);
                }
            });
            onLoop(() -> assertEquals(0, tcp.connections()));
        }
    }

    @Test
    void synToTheGuestGoesAgainOnTheSysctlsScheduleThenTheFlowIsReset() throws Exception {
        startWith(60 * S, 600 * S);
        MemorySegment sa = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE, 8);
        int listener = hostSideListener(sa);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), SockAddr.port(sa, 0))) {
            int accepted = Sock.accept4(listener, sa, 0, Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC);
            assertTrue(accepted >= 0);
            onLoop(() -> tcp.acceptedFromHost(accepted, 8080, harness.loop().now()));
            assertEquals(Tcp.SYN, nextToGuest().flags());
            // Three retries, the first two one timeout apart (linear), the third after two; the
            // reset one backed-off timeout after the last.
            for (long deadline : new long[] {T0 + S, T0 + 2 * S, T0 + 3 * S}) {
                assertEquals(Tcp.SYN, exactlyAt(deadline).flags());
            }
            assertTrue(exactlyAt(T0 + 5 * S).has(Tcp.RST));
            onLoop(() -> assertEquals(0, tcp.connections()));
        } finally {
            Fd.close(listener);
        }
    }

    /**
     * Flows with nothing due leave the loop asleep: no pass over them every so often (the loop
     * wakes once a second at the most when no timer is nearer).
     */
    @Test
    void idleFlowsLeaveTheLoopAsleep() throws Exception {
        startWith(60 * S, 600 * S);
        int[] isn = new int[1];
        try (ServerSocket server = loopbackServer(); Socket peer = establish(server, isn)) {
            onLoop(() -> assertEquals(1, tcp.connections()));
            long before = harness.rounds();
            Thread.sleep(1500);
            long rounds = harness.rounds() - before;
            assertTrue(rounds <= 3, rounds + " rounds in 1.5 s with one idle flow");
            assertNull(tap.poll(0, TimeUnit.MILLISECONDS));
        }
    }

    /** TCP socket events the loop dispatched so far. */
    private long tcpEvents() throws Exception {
        AtomicLong n = new AtomicLong();
        onLoop(() -> n.set(harness.loop().events(EventType.TCP)));
        return n.get();
    }
}

package io.jpasst.engine.proto.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.packet.ip.Checksum;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.packet.ip.Tcp;
import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import io.jpasst.engine.testkit.GuestFrames;
import io.jpasst.engine.testkit.LoopHarness;
import io.jpasst.engine.testkit.RecordingTap;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real translation on a real event loop, with real loopback sockets as the "remote" and
 * a tap that records frames: the guest is played by frames built here.
 */
class TcpTapTest extends TcpHarness {

    @Test
    void connectionCarriesDataBothWaysAndDropsOutOfWindowSegments() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = server.getLocalPort();
            injectSegment(port, 1000, 0, Tcp.SYN, 64240, new byte[0]);
            TcpSegment synAck = nextToGuest();
            assertEquals(Tcp.SYN | Tcp.ACK_FLAG, synAck.flags());
            assertEquals(1001, synAck.ack());
            assertEquals(65480, synAck.mss());
            int isn = synAck.seq();
            server.setSoTimeout(5000);
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(2000);
                InputStream fromGuest = peer.getInputStream();
                injectSegment(port, 1001, isn + 1, Tcp.ACK_FLAG, 512, new byte[0]);
                injectSegment(port, 1001, isn + 1, Tcp.ACK_FLAG | Tcp.PSH, 512, "hello".getBytes(StandardCharsets.US_ASCII));
                assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), fromGuest.readNBytes(5));
                assertEquals(1006, nextToGuest().ack());

                // A segment beyond what we expect: dropped, counted, answered by a duplicate ACK.
                injectSegment(port, 5000, isn + 1, Tcp.ACK_FLAG, 512, "later".getBytes(StandardCharsets.US_ASCII));
                assertEquals(1, drops.get(DropReason.OUT_OF_WINDOW));
                assertEquals(1006, nextToGuest().ack());
                // A retransmission of data already written is not written twice.
                injectSegment(port, 1001, isn + 1, Tcp.ACK_FLAG, 512, "hello".getBytes(StandardCharsets.US_ASCII));
                assertEquals(1006, nextToGuest().ack());

                peer.getOutputStream().write("world".getBytes(StandardCharsets.US_ASCII));
                TcpSegment data = nextToGuest();
                assertEquals(isn + 1, data.seq());
                assertArrayEquals("world".getBytes(StandardCharsets.US_ASCII), payloadOf(data));

                // No acknowledgement within the timeout: the same bytes again.
                TcpSegment again = nextToGuestWithin(3);
                assertEquals(isn + 1, again.seq());
                assertArrayEquals("world".getBytes(StandardCharsets.US_ASCII), payloadOf(again));
                injectSegment(port, 1006, isn + 6, Tcp.ACK_FLAG, 512, new byte[0]);

                // Guest FIN: the peer sees end of stream; its FIN comes back after its close.
                injectSegment(port, 1006, isn + 6, Tcp.ACK_FLAG | Tcp.FIN, 512, new byte[0]);
                assertEquals(-1, fromGuest.read());
                assertEquals(1007, nextToGuest().ack());
                peer.shutdownOutput();
                TcpSegment fin = nextToGuest();
                assertTrue(fin.has(Tcp.FIN));
                assertEquals(isn + 6, fin.seq());
                injectSegment(port, 1007, isn + 7, Tcp.ACK_FLAG, 512, new byte[0]);
                onLoop(() -> assertEquals(0, tcp.connections()));
            }
        }
    }


    @Test
    void synToAClosedPortIsAnsweredWithRst() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        injectSegment(port, 77, 0, Tcp.SYN, 64240, new byte[0]);
        TcpSegment rst = nextToGuest();
        assertTrue(rst.has(Tcp.RST));
        assertEquals(78, rst.ack());
        onLoop(() -> assertEquals(0, tcp.connections()));
    }

    @Test
    void segmentForNoConnectionGetsRst() throws Exception {
        injectSegment(9, 500, 4242, Tcp.ACK_FLAG, 512, "x".getBytes(StandardCharsets.US_ASCII));
        TcpSegment rst = nextToGuest();
        assertTrue(rst.has(Tcp.RST));
        assertEquals(4242, rst.seq());
    }

    private void fixChecksum(int len) {
        long l4 = Frames.IPV4_L4;
        int l4Len = len - Frames.IPV4_L4;
        Be.u16(frame, l4 + Tcp.CHECKSUM, 0);
        Be.u16(frame, l4 + Tcp.CHECKSUM, Checksum.finish(Checksum.sum(frame, l4, l4Len,
                TcpFrames.pseudoBase4((int) GUEST, (int) LOOPBACK) + l4Len)));
    }

    @Test
    void malformedSegmentsAreDroppedAndCounted() throws Exception {
        int len = guestSegment(80, 1, 0, Tcp.ACK_FLAG, 100, "abc".getBytes(StandardCharsets.US_ASCII));
        Be.u8(frame, Frames.IPV4_L4 + Tcp.CHECKSUM, Be.u8(frame, Frames.IPV4_L4 + Tcp.CHECKSUM) ^ 0x40);
        inject(len);
        assertEquals(1, drops.get(DropReason.BAD_CHECKSUM));

        len = guestSegment(80, 1, 0, Tcp.ACK_FLAG, 100, new byte[0]);
        Be.u8(frame, Frames.IPV4_L4 + Tcp.DATA_OFF, 4 << 4);
        fixChecksum(len);
        inject(len);
        len = guestSegment(80, 1, 0, Tcp.ACK_FLAG, 100, "abc".getBytes(StandardCharsets.US_ASCII));
        Be.u8(frame, Frames.IPV4_L4 + Tcp.DATA_OFF, 15 << 4);
        fixChecksum(len);
        inject(len);
        assertEquals(2, drops.get(DropReason.MALFORMED));

        // SYN whose MSS option claims more bytes than the header has.
        len = guestSegment(80, 1, 0, Tcp.SYN, 100, new byte[0]);
        Be.u8(frame, Frames.IPV4_L4 + Tcp.HLEN + 5, 0);
        Be.u8(frame, Frames.IPV4_L4 + Tcp.HLEN + 4, 3);
        Be.u8(frame, Frames.IPV4_L4 + Tcp.HLEN + 5, 9);
        fixChecksum(len);
        inject(len);
        assertEquals(3, drops.get(DropReason.MALFORMED));

        // An IP payload too short for a TCP header.
        len = guestSegment(80, 1, 0, Tcp.ACK_FLAG, 100, new byte[0]);
        Be.u16(frame, 14 + 2, 20 + 10);
        Be.u16(frame, 14 + 10, 0);
        Be.u16(frame, 14 + 10, Checksum.finish(Checksum.sum(frame, 14, 20, 0)));
        inject(len - 10);
        assertEquals(1, drops.get(DropReason.BAD_LENGTH));

        onLoop(() -> assertEquals(0, tcp.connections()));
        assertEquals(null, tap.poll(200, TimeUnit.MILLISECONDS), "nothing goes to the guest for garbage");
    }

    @Test
    void connectionAcceptedOnTheHostOpensTowardsTheGuest() throws Exception {
        // The gateway 10.0.2.2 stands for the host's loopback; the guest was seen at GUEST.
        MemorySegment sa = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE, 8);
        int listener = hostSideListener(sa);
        int port = SockAddr.port(sa, 0);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            int accepted = Sock.accept4(listener, sa, 0, Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC);
            assertTrue(accepted >= 0);
            onLoop(() -> tcp.acceptedFromHost(accepted, 8080, System.nanoTime()));
            TcpSegment syn = nextToGuest();
            assertEquals(Tcp.SYN, syn.flags());
            assertEquals(8080, syn.dstPort());
            assertEquals(GUEST, syn.dstLo());
            assertEquals(0x0a00_0202L, syn.srcLo(), "a local peer appears as the gateway");
            assertEquals(client.getLocalPort(), syn.srcPort());
            int isn = syn.seq();
            int peerPort = syn.srcPort();

            // The guest answers from its port 8080 to the gateway's address and the peer's port.
            int len = frames.tcp4(0x0a00_0202, 8080, peerPort, 5000, isn + 1, Tcp.SYN | Tcp.ACK_FLAG, 64240,
                    new byte[0]);
            inject(len);
            assertEquals(5001, nextToGuest().ack());

            client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            TcpSegment data = nextToGuest();
            assertArrayEquals("ping".getBytes(StandardCharsets.US_ASCII), payloadOf(data));
            assertEquals(isn + 1, data.seq());

            byte[] pong = "pong".getBytes(StandardCharsets.US_ASCII);
            len = frames.tcp4(0x0a00_0202, 8080, peerPort, 5001, isn + 5, Tcp.ACK_FLAG | Tcp.PSH, 512, pong);
            inject(len);
            client.setSoTimeout(2000);
            assertArrayEquals(pong, client.getInputStream().readNBytes(4));
        } finally {
            Fd.close(listener);
        }
    }

    // ---------------------------------------------------------------- timers and keepalive


    @Test
    void keepaliveProbeIsAcknowledged() throws Exception {
        int[] isn = new int[1];
        try (ServerSocket server = loopbackServer(); Socket peer = establish(server, isn)) {
            // Linux's probe: no data, the sequence number one before the next expected.
            injectSegment(server.getLocalPort(), 1000, isn[0] + 1, Tcp.ACK_FLAG, 512, new byte[0]);
            TcpSegment ack = nextToGuest();
            assertEquals(Tcp.ACK_FLAG, ack.flags());
            assertEquals(1001, ack.ack());
            assertEquals(isn[0] + 1, ack.seq());
            assertEquals(0, drops.get(DropReason.OUT_OF_WINDOW), "a probe is not an error");
        }
    }

    @Test
    void hostSocketsKeepAlive() throws Exception {
        int[] isn = new int[1];
        try (ServerSocket server = loopbackServer(); Socket peer = establish(server, isn)) {
            Process ss = new ProcessBuilder("ss", "-tnoH", "state", "established", "src", "127.0.0.1",
                    "dst", "127.0.0.1:" + server.getLocalPort()).redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(out.contains("timer:(keepalive"), out);
        }
    }

    /**
     * Short enough for a test, long enough that setting up a connection and each keepalive pass
     * fit well inside it on a loaded machine.
     */
    private static final long ACTIVITY_NS = 2_000_000_000L;
    private static final int ACTIVITY_S = (int) (ACTIVITY_NS / 1_000_000_000L);

    @Test
    void idleConnectionIsResetOnBothSidesAfterTheActivityTimeout() throws Exception {
        restartWith(new TcpTimeouts(1_000_000_000L, 8, 60_000_000_000L, ACTIVITY_NS));
        int[] isn = new int[1];
        try (ServerSocket server = loopbackServer(); Socket peer = establish(server, isn)) {
            TcpSegment rst = nextToGuestWithin(3 * ACTIVITY_S);
            assertTrue(rst.has(Tcp.RST), "reset to the guest");
            assertReset(peer);
            onLoop(() -> assertEquals(0, tcp.connections()));
        }
    }

    @Test
    void keepalivesKeepAnIdleConnectionPastTheActivityTimeout() throws Exception {
        restartWith(new TcpTimeouts(1_000_000_000L, 8, 60_000_000_000L, ACTIVITY_NS));
        int[] isn = new int[1];
        try (ServerSocket server = loopbackServer(); Socket peer = establish(server, isn)) {
            // Probes for one and a half timeouts: without them the connection would be gone.
            long end = System.nanoTime() + ACTIVITY_NS * 3 / 2;
            while (System.nanoTime() - end < 0) {
                injectSegment(server.getLocalPort(), 1000, isn[0] + 1, Tcp.ACK_FLAG, 512, new byte[0]);
                assertFalse(nextToGuest().has(Tcp.RST));
                Thread.sleep(200);
            }
            onLoop(() -> assertEquals(1, tcp.connections()));
            // Without probes it goes.
            assertTrue(nextToGuestWithin(3 * ACTIVITY_S).has(Tcp.RST));
        }
    }

    @Test
    void guestThatStopsAcknowledgingIsResetAfterItsRetransmissions() throws Exception {
        restartWith(new TcpTimeouts(50_000_000L, 3, 60_000_000_000L, 7_200_000_000_000L));
        int[] isn = new int[1];
        try (ServerSocket server = loopbackServer(); Socket peer = establish(server, isn)) {
            peer.getOutputStream().write("data".getBytes(StandardCharsets.US_ASCII));
            assertResetAfter(peer, 4, "the segment and three retransmissions", seg -> {
                assertEquals(isn[0] + 1, seg.seq());
                assertEquals(4, seg.payloadLength());
            });
        }
    }

    /**
     * Garbage aimed at a live connection's own addresses and ports: each kind is dropped and
     * counted, none reaches the peer or raises, and the connection carries on afterwards.
     */
    @Test
    void malformedSegmentsOnALiveConnectionAreDroppedAndCounted() throws Exception {
        int[] isn = new int[1];
        try (ServerSocket server = loopbackServer(); Socket peer = establish(server, isn)) {
            int port = server.getLocalPort();
            byte[] evil = "evil".getBytes(StandardCharsets.US_ASCII);
            long l4 = Frames.IPV4_L4;

            int len = guestSegment(port, 1001, isn[0] + 1, Tcp.ACK_FLAG | Tcp.PSH, 512, evil);
            Be.u8(frame, l4 + Tcp.CHECKSUM, Be.u8(frame, l4 + Tcp.CHECKSUM) ^ 0x40);
            inject(len);
            assertEquals(1, drops.get(DropReason.BAD_CHECKSUM), "bad checksum");

            len = guestSegment(port, 1001, isn[0] + 1, Tcp.ACK_FLAG | Tcp.PSH, 512, evil);
            Be.u8(frame, l4 + Tcp.DATA_OFF, 4 << 4);
            fixChecksum(len);
            inject(len);
            len = guestSegment(port, 1001, isn[0] + 1, Tcp.ACK_FLAG | Tcp.PSH, 512, evil);
            Be.u8(frame, l4 + Tcp.DATA_OFF, 15 << 4);
            fixChecksum(len);
            inject(len);
            assertEquals(2, drops.get(DropReason.MALFORMED), "data offsets below the header and beyond the segment");

            // Options whose length runs past the header: on a data segment, and on a SYN.
            len = guestSegment(port, 1001, isn[0] + 1, Tcp.SYN, 512, new byte[0]);
            Be.u8(frame, l4 + Tcp.FLAGS, Tcp.ACK_FLAG);
            Be.u8(frame, l4 + Tcp.HLEN + 1, 9);
            fixChecksum(len);
            inject(len);
            len = guestSegment(port, 1000, 0, Tcp.SYN, 512, new byte[0]);
            Be.u8(frame, l4 + Tcp.HLEN + 6, 7);
            fixChecksum(len);
            inject(len);
            assertEquals(4, drops.get(DropReason.MALFORMED), "truncated options");
            assertEquals(null, tap.poll(200, TimeUnit.MILLISECONDS), "nothing answers garbage");

            // Sequence numbers ahead of the window and far behind it: counted, answered with
            // the acknowledgement the guest needs; an acknowledgement of data never sent too.
            injectSegment(port, 1001 + 100_000, isn[0] + 1, Tcp.ACK_FLAG | Tcp.PSH, 512, evil);
            assertEquals(1001, nextToGuest().ack());
            injectSegment(port, 1001 - 0x4000_0000, isn[0] + 1, Tcp.ACK_FLAG | Tcp.PSH, 512, evil);
            assertEquals(1001, nextToGuest().ack());
            injectSegment(port, 1001, isn[0] + 1 + 100_000, Tcp.ACK_FLAG, 512, new byte[0]);
            assertEquals(3, drops.get(DropReason.OUT_OF_WINDOW), "out-of-window sequence and acknowledgement numbers");

            byte[] good = "good".getBytes(StandardCharsets.US_ASCII);
            injectSegment(port, 1001, isn[0] + 1, Tcp.ACK_FLAG | Tcp.PSH, 512, good);
            peer.setSoTimeout(2000);
            assertArrayEquals(good, peer.getInputStream().readNBytes(4), "only the valid segment's data arrives");
            assertEquals(1005, nextToGuest().ack());
            peer.getOutputStream().write(good);
            assertArrayEquals(good, payloadOf(nextToGuest()));
            onLoop(() -> assertEquals(1, tcp.connections()));
        }
    }
}

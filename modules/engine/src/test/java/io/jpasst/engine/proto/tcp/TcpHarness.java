package io.jpasst.engine.proto.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.flow.nat.AddressMap;
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
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
/**
 * The harness of the translation's unit tests: the real translation on a real event loop,
 * real loopback sockets as the "remote", and a tap that records frames; the guest is played
 * by frames built here.
 */
abstract class TcpHarness {
    static final long GUEST_MAC = 0x0200_0000_00aaL;
    static final long OUR_MAC = 0x0200_0000_00bbL;
    static final long GUEST = 0x0a00_020fL;
    static final long LOOPBACK = 0x7f00_0001L;
    static final int GUEST_PORT = 40000;

    final RecordingTap tap = new RecordingTap();
    final DropCounters drops = new DropCounters();
    final GuestFrames frames = new GuestFrames(GUEST_MAC, OUR_MAC, (int) GUEST);
    final MemorySegment frame = frames.frame();
    final ParsedFrame parsed = new ParsedFrame();
    LoopHarness harness;
    TcpTap tcp;

    @BeforeEach
    void start() {
        start(TcpTimeouts.DEFAULT);
    }

    /** A fresh loop and translation with other timers. */
    void restartWith(TcpTimeouts timeouts) throws InterruptedException {
        restartWith(timeouts, System::nanoTime);
    }

    /** A fresh loop on {@code clock} (a {@link io.jpasst.engine.testkit.TestClock}) and translation. */
    void restartWith(TcpTimeouts timeouts, LongSupplier clock) throws InterruptedException {
        stop();
        start(timeouts, clock);
    }

    void start(TcpTimeouts timeouts) {
        start(timeouts, System::nanoTime);
    }

    void start(TcpTimeouts timeouts, LongSupplier clock) {
        harness = new LoopHarness(clock);
        tcp = new TcpTap(harness.loop(), tap, drops, new AddressMap(AddressMap.Family.NONE, AddressMap.Family.NONE),
                OUR_MAC, 65520, 64, timeouts);
        harness.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        harness.close();
        assertEquals(0, harness.failures(), "handler failures");
    }

    void onLoop(Runnable r) throws Exception {
        harness.onLoop(r);
    }

    /** Builds a guest segment into {@link #frame}; returns its length. */
    int guestSegment(int dstPort, int seq, int ack, int flags, int window, byte[] payload) {
        return frames.tcp4((int) LOOPBACK, GUEST_PORT, dstPort, seq, ack, flags, window, payload);
    }

    void inject(int len) throws Exception {
        onLoop(() -> {
            assertTrue(parsed.parse(frame, 0, len));
            tcp.fromGuest(parsed, harness.loop().now());
        });
    }

    void injectSegment(int dstPort, int seq, int ack, int flags, int window, byte[] payload) throws Exception {
        inject(guestSegment(dstPort, seq, ack, flags, window, payload));
    }

    /** The next frame to the guest, parsed; fails after two seconds. */
    TcpSegment nextToGuest() throws InterruptedException {
        byte[] f = tap.poll(2, TimeUnit.SECONDS);
        assertNotNull(f, "no frame to the guest");
        MemorySegment s = MemorySegment.ofArray(f);
        ParsedFrame p = new ParsedFrame();
        assertTrue(p.parse(s, 0, f.length));
        TcpSegment seg = new TcpSegment();
        assertTrue(seg.parse(p), "segment to the guest does not verify: " + seg.reason());
        return seg;
    }

    static byte[] payloadOf(TcpSegment seg) {
        return seg.segment().asSlice(seg.payloadOffset(), seg.payloadLength()).toArray(ValueLayout.JAVA_BYTE);
    }

    TcpSegment nextToGuestWithin(int seconds) throws InterruptedException {
        byte[] f = tap.poll(seconds, TimeUnit.SECONDS);
        assertNotNull(f, "no frame to the guest within " + seconds + " s");
        tap.pushBack(f);
        return nextToGuest();
    }

    /**
     * A connection from the guest (ISN 1000) to {@code server}, handshake done; returns the
     * host-side peer and our ISN in {@code isn[0]}.
     */
    Socket establish(ServerSocket server, int[] isn) throws Exception {
        int port = server.getLocalPort();
        injectSegment(port, 1000, 0, Tcp.SYN, 64240, new byte[0]);
        TcpSegment synAck = nextToGuest();
        assertEquals(Tcp.SYN | Tcp.ACK_FLAG, synAck.flags());
        isn[0] = synAck.seq();
        server.setSoTimeout(5000);
        Socket peer = server.accept();
        injectSegment(port, 1001, isn[0] + 1, Tcp.ACK_FLAG, 512, new byte[0]);
        return peer;
    }

    static ServerSocket loopbackServer() throws Exception {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return server;
    }

    /** The peer's socket was reset (not merely closed). */
    static void assertReset(Socket peer) {
        assertThrows(java.net.SocketException.class, () -> {
            peer.setSoTimeout(2000);
            peer.getInputStream().read();
        });
    }

    /**
     * Segments to the guest until a reset, each checked by {@code each}; then the host peer
     * must see the reset too and the flow be gone. Fails unless {@code expected} came first.
     */
    void assertResetAfter(Socket peer, int expected, String what, Consumer<TcpSegment> each) throws Exception {
        int count = 0;
        TcpSegment seg;
        while (!(seg = nextToGuestWithin(3)).has(Tcp.RST)) {
            each.accept(seg);
            count++;
        }
        assertEquals(expected, count, what);
        assertReset(peer);
        onLoop(() -> assertEquals(0, tcp.connections()));
    }

    /**
     * Enables host-opened connections (the gateway 10.0.2.2 stands for the host's loopback;
     * the guest was seen at GUEST) and returns a listening socket on the loopback, its
     * address in {@code sa}.
     */
    int hostSideListener(MemorySegment sa) {
        GuestState guest = new GuestState();
        guest.learn(frame, 0, guestSegment(80, 1, 0, Tcp.ACK_FLAG, 100, new byte[0]));
        tcp.hostSide(new AddressMap(
                new AddressMap.Family(0, 0x0a00_0202, 0, 0, 0, 0x0a00_0263, 0, 0, 0, 0, 0, 0x0a00_0202),
                AddressMap.Family.NONE), guest);
        int listener = Sock.socket(Sock.AF_INET, Sock.SOCK_STREAM | Sock.SOCK_CLOEXEC, 0);
        assertEquals(0, Sock.bind(listener, sa, 0, SockAddr.writeIn4(sa, 0, (int) LOOPBACK, 0)));
        assertEquals(0, Sock.listen(listener, 1));
        assertTrue(Sock.getsockname(listener, sa, 0) >= 0);
        return listener;
    }
}

package io.jpasst.engine.proto.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.flow.nat.AddressMap;
import io.jpasst.engine.packet.ip.Tcp;
import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.testkit.LoopHarness;
import io.jpasst.engine.testkit.RecordingTap;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A connection from the host to a guest that never answers our SYN is reset on both sides
 * after the handshake timeout, not kept like a closing one.
 */
class TcpSynTimeoutTest {
    private static final long OUR_MAC = 0x0200_0000_00bbL;
    private static final int GUEST = 0x0a00_020f;
    private static final int GATEWAY = 0x0a00_0202;

    @Test
    void defaultHandshakeFollowsTheKernelsSchedule() {
        // Seven retries (tcp_syn_retries 6 + tcp_syn_linear_timeouts 4, our counter's limit):
        // five after a second each, then 2, 4 and 8 s: 19 s, and a second of slack.
        assertEquals(20_000_000_000L, TcpTimeouts.DEFAULT.synNs());
    }

    @Test
    void unansweredSynIsResetAfterTheHandshakeTimeout() throws Exception {
        RecordingTap sent = new RecordingTap();
        LoopHarness harness = new LoopHarness();
        // 300 ms to answer, and a closing timeout far beyond the test: only the SYN timeout can act.
        TcpTimeouts timeouts = new TcpTimeouts(1_000_000_000L, 8, 600_000_000_000L, 7_200_000_000_000L,
                300_000_000L);
        TcpTap tcp = new TcpTap(harness.loop(), sent, new DropCounters(), new AddressMap(AddressMap.Family.NONE,
                AddressMap.Family.NONE), OUR_MAC, 65520, 64, timeouts);
        GuestState guest = new GuestState();
        tcp.hostSide(new AddressMap(new AddressMap.Family(0, GATEWAY, 0, 0, 0, GUEST, 0, 0, 0, 0, 0, GATEWAY),
                AddressMap.Family.NONE), guest);
        MemorySegment sa = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE, 8);
        int listener = Sock.socket(Sock.AF_INET, Sock.SOCK_STREAM | Sock.SOCK_CLOEXEC, 0);
        harness.start();
        try (Socket client = connectTo(listener, sa)) {
            int accepted = Sock.accept4(listener, sa, 0, Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC);
            assertTrue(accepted >= 0);
            CompletableFuture<Integer> connections = new CompletableFuture<>();
            harness.post(() -> {
                tcp.acceptedFromHost(accepted, 8080, System.nanoTime());
                connections.complete(tcp.connections());
            });
            assertEquals(1, connections.get(5, TimeUnit.SECONDS));
            byte[] syn = sent.poll(2, TimeUnit.SECONDS);
            assertNotNull(syn, "no SYN to the guest");
            long synAt = System.nanoTime();
            AtomicBoolean peerReset = new AtomicBoolean();
            // The host peer talking meanwhile (5 s) does not keep the handshake alive.
            Thread talker = Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        client.getOutputStream().write(i);
                        Thread.sleep(100);
                    }
                } catch (IOException e) {
                    peerReset.set(true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            byte[] rst = null;
            for (byte[] f; rst == null && (f = sent.poll(2, TimeUnit.SECONDS)) != null; ) {
                rst = (f[14 + 20 + 13] & Tcp.RST) != 0 ? f : null;
            }
            long ms = (System.nanoTime() - synAt) / 1_000_000;
            assertNotNull(rst, "no reset to the guest");
            assertTrue(ms < 2000, "reset after " + ms + " ms, for a 300 ms timeout");
            talker.join(6000);
            assertTrue(peerReset.get(), "the host peer is reset");
        } finally {
            harness.close();
            Fd.close(listener);
        }
    }

    private static Socket connectTo(int listener, MemorySegment sa) throws IOException {
        assertEquals(0, Sock.bind(listener, sa, 0, SockAddr.writeIn4(sa, 0, 0x7f00_0001, 0)));
        assertEquals(0, Sock.listen(listener, 1));
        assertTrue(Sock.getsockname(listener, sa, 0) >= 0);
        return new Socket(InetAddress.getLoopbackAddress(), SockAddr.port(sa, 0));
    }
}

package io.jpasst.engine.proto.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.flow.nat.HiLo;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real loopback sockets: batches, lengths, source names, frames built in place, forwarding. */
class DatagramSlotsTest {
    final Arena arena = Arena.ofConfined();
    final MemorySegment sa = arena.allocate(SockAddr.STORAGE_SIZE, 8);
    final MemorySegment data = arena.allocate(70_000, 8);
    final DatagramSlots slots = new DatagramSlots();
    int rx = -1;
    int tx = -1;
    int other = -1;

    int bound() {
        int s = Sock.socket(Sock.AF_INET, Sock.SOCK_DGRAM | Sock.SOCK_NONBLOCK, 0);
        Sock.setsockoptInt(s, Sock.SOL_SOCKET, Sock.SO_RCVBUF, 8 << 20);
        Sock.bind(s, sa, 0, SockAddr.writeIn4(sa, 0, HiLo.LOOPBACK4, 0));
        return s;
    }

    int portOf(int s) {
        Sock.getsockname(s, sa, 0);
        return SockAddr.port(sa, 0);
    }

    @AfterEach
    void close() {
        for (int s : new int[] {rx, tx, other}) {
            if (s >= 0) {
                Fd.close(s);
            }
        }
        arena.close();
    }

    void send(int size, int seq) {
        data.fill((byte) seq);
        long n = Sock.sendto(tx, data, 0, size, 0, sa, 0, SockAddr.writeIn4(sa, 0, HiLo.LOOPBACK4, portOf(rx)));
        assertEquals(size, n);
    }

    int size(int i) {
        return i == 5 ? 0 : i == 7 ? 65_000 : 1 + i * 37;
    }

    @Test
    void receivesInBatchesWithLengthsNamesAndIntactPayload() {
        rx = bound();
        tx = bound();
        for (int i = 0; i < 40; i++) {
            send(size(i), i);
        }
        int first = slots.receive(rx, true);
        assertEquals(DatagramSlots.BATCH, first);
        for (int i = 0; i < first; i++) {
            assertEquals(size(i), slots.length(i));
            if (size(i) > 0) {
                assertEquals((byte) i, slots.buffer.get(ValueLayout.JAVA_BYTE, DatagramSlots.payload(i) + size(i) - 1));
            }
            assertEquals(portOf(tx), SockAddr.port(slots.names, DatagramSlots.name(i)));
        }
        assertEquals(8, slots.receive(rx, false));
        assertEquals(size(32), slots.length(0));
        assertEquals(0, slots.receive(rx, false));
    }

    @Test
    void frameBuiltInPlaceParsesWithValidChecksum() {
        rx = bound();
        tx = bound();
        send(1400, 3);
        send(65_000, 4);
        assertEquals(2, slots.receive(rx, false));
        ParsedFrame pf = new ParsedFrame();
        for (int i = 0; i < 2; i++) {
            long frame = DatagramSlots.frame(i, false);
            int len = Frames.udp4(slots.buffer, frame, 0x5254_0000_0001L, 0x9a55_9a55_9a55L,
                    Ipv4.parse("203.0.113.10"), Ipv4.parse("192.0.2.2"), 7, 40000, slots.length(i));
            assertEquals(Frames.UDP4_PAYLOAD + slots.length(i), len);
            assertTrue(pf.parse(slots.buffer, frame, len), () -> "" + pf.reason());
            assertNull(pf.udpProblem(0));
            assertEquals(DatagramSlots.payload(i), pf.l4Offset() + 8);
        }
    }

    @Test
    void forwardsABatchUnchangedToAConnectedSocket() {
        rx = bound();
        tx = bound();
        other = bound();
        int conn = Sock.socket(Sock.AF_INET, Sock.SOCK_DGRAM | Sock.SOCK_NONBLOCK, 0);
        try {
            Sock.connect(conn, sa, 0, SockAddr.writeIn4(sa, 0, HiLo.LOOPBACK4, portOf(other)));
            for (int i = 0; i < 10; i++) {
                send(size(i), i);
            }
            assertEquals(10, slots.receive(rx, false));
            assertEquals(10, slots.send(conn, 0, 10, false));
            DatagramSlots again = new DatagramSlots();
            assertEquals(10, again.receive(other, false));
            for (int i = 0; i < 10; i++) {
                assertEquals(size(i), again.length(i));
            }
        } finally {
            Fd.close(conn);
        }
    }
}

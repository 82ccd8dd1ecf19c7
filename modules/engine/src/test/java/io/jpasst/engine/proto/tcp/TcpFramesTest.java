package io.jpasst.engine.proto.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.packet.ip.Tcp;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Segments built for the guest verify and parse back to what was put in. */
class TcpFramesTest {
    static final long MAC_A = 0x0200_0000_0001L;
    static final long MAC_B = 0x0200_0000_0002L;
    static final long A4 = 0xcb00_710aL;
    static final long B4 = 0xc000_0202L;
    static final long A6_HI = 0x2001_0db8_0002_0000L;
    static final long B6_HI = 0x2001_0db8_0001_0000L;

    private final MemorySegment buf = Arena.ofAuto().allocate(TapQueue.SLOT_SIZE, 8);
    private final ParsedFrame parsed = new ParsedFrame();
    private final TcpSegment seg = new TcpSegment();

    private int build(boolean v6, int flags, int payload, int mss, int ws) {
        long pay = v6 ? TcpFrames.PAYLOAD6 : TcpFrames.PAYLOAD4;
        for (int i = 0; i < payload; i++) {
            buf.set(java.lang.foreign.ValueLayout.JAVA_BYTE, pay + i, (byte) (i * 7 + 1));
        }
        long pseudo = v6 ? TcpFrames.pseudoBase6(A6_HI, 0x10, B6_HI, 2) : TcpFrames.pseudoBase4((int) A4, (int) B4);
        return TcpFrames.build(buf, 0, v6, MAC_B, MAC_A, v6 ? A6_HI : 0, v6 ? 0x10 : A4, v6 ? B6_HI : 0,
                v6 ? 2 : B4, pseudo, 443, 50000, 0xffff_fff0, 12345, flags, 1000, mss, ws, payload);
    }

    private void roundTrip(boolean v6, int payload) {
        int len = build(v6, Tcp.ACK_FLAG | Tcp.PSH, payload, 0, TcpSegment.NO_WSCALE);
        assertTrue(parsed.parse(buf, 0, len));
        assertTrue(parsed.l4ChecksumOk());
        assertTrue(seg.parse(parsed), String.valueOf(seg.reason()));
        assertEquals(443, seg.srcPort());
        assertEquals(50000, seg.dstPort());
        assertEquals(0xffff_fff0, seg.seq());
        assertEquals(12345, seg.ack());
        assertEquals(1000, seg.window());
        assertEquals(payload, seg.payloadLength());
        assertEquals(v6 ? TcpFrames.PAYLOAD6 : TcpFrames.PAYLOAD4, seg.payloadOffset());
    }

    @Test
    void ipv4DataSegmentsVerify() {
        roundTrip(false, 0);
        roundTrip(false, 1);
        roundTrip(false, 1461);
        roundTrip(false, 65480);
    }

    @Test
    void ipv6DataSegmentsVerify() {
        roundTrip(true, 0);
        roundTrip(true, 7);
        roundTrip(true, 65460);
    }

    @Test
    void synCarriesMssAndWindowScale() {
        for (boolean v6 : new boolean[] {false, true}) {
            int len = build(v6, Tcp.SYN | Tcp.ACK_FLAG, 0, 65480, 7);
            assertTrue(parsed.parse(buf, 0, len));
            assertTrue(seg.parse(parsed));
            assertEquals(65480, seg.mss());
            assertEquals(7, seg.wscale());
            len = build(v6, Tcp.SYN, 0, 1460, TcpSegment.NO_WSCALE);
            assertTrue(parsed.parse(buf, 0, len));
            assertTrue(seg.parse(parsed));
            assertEquals(1460, seg.mss());
            assertEquals(TcpSegment.NO_WSCALE, seg.wscale());
        }
    }
}

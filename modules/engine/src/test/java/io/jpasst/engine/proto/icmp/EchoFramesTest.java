package io.jpasst.engine.proto.icmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Icmp;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.packet.ip.RefChecksum;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropReason;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EchoFramesTest {
    static final long GUEST_MAC = 0x5254_0012_3456L;
    static final long OUR_MAC = 0x9a55_9a55_9a55L;
    final MemorySegment in = MemorySegment.ofArray(new byte[2048]);
    final MemorySegment out = MemorySegment.ofArray(new byte[2048]);
    final ParsedFrame pf = new ParsedFrame();
    final EchoFrames echo = new EchoFrames();
    final MemorySegment data = MemorySegment.ofArray("abcdefghijklmnopq".getBytes());

    /** A guest echo request: built as a "reply" from the guest, then retyped and re-summed. */
    int request4() {
        int n = EchoFrames.reply4(in, 0, 2048, OUR_MAC, GUEST_MAC, Ipv4.parse("10.0.2.15"),
                Ipv4.parse("93.184.216.34"), 0x1234, 7, data, 0, 17);
        Be.u8(in, Frames.IPV4_L4, Icmp.V4_ECHO_REQUEST);
        Be.u16(in, Frames.IPV4_L4 + 2, (Be.u16(in, Frames.IPV4_L4 + 2) - 0x0800) & 0xffff);
        return n;
    }

    @Test
    void handCheckedEchoRequestParses() {
        // ping 10.0.2.15 -> 10.0.2.2 id 1 seq 1 with 4 bytes "abcd"; checksums computed by hand
        String frame = "9a559a559a55525400123456 0800"
                + "4500 0020 0000 4000 4001 22cd 0a00020f 0a000202"
                + "0800 3337 0001 0001 61626364";
        byte[] b = HexFormat.of().parseHex(frame.replace(" ", ""));
        MemorySegment s = MemorySegment.ofArray(b);
        assertTrue(pf.parse(s, 0, b.length), String.valueOf(pf.reason()));
        assertTrue(echo.parseRequest(pf), String.valueOf(echo.reason()));
        assertEquals(Ipv4.parse("10.0.2.2"), echo.destination4());
        assertEquals(1, echo.identifier());
        assertEquals(1, echo.sequence());
        assertEquals(42, echo.payloadOffset());
        assertEquals(4, echo.payloadLength());
    }

    @Test
    void ipv4RoundTrip() {
        int n = request4();
        assertTrue(pf.parse(in, 0, n));
        assertTrue(echo.parseRequest(pf));
        assertFalse(echo.isIpv6());
        assertEquals(0x1234, echo.identifier());
        assertEquals(7, echo.sequence());
        assertEquals(17, echo.payloadLength());
        int r = EchoFrames.reply4(out, 0, 1500, GUEST_MAC, OUR_MAC, echo.destination4(), Ipv4.parse("10.0.2.15"),
                echo.identifier(), echo.sequence(), in, echo.payloadOffset(), echo.payloadLength());
        assertEquals(n, r);
        assertEquals(GUEST_MAC, Eth.mac(out, 0));
        assertEquals(Icmp.V4_ECHO_REPLY, Be.u8(out, Frames.IPV4_L4));
        assertEquals(Ipv4.parse("93.184.216.34"), Be.u32(out, 14 + Ipv4.SRC));
        assertEquals(0x1234, Be.u16(out, Frames.IPV4_L4 + 4));
        assertEquals('q', Be.u8(out, r - 1));
        assertTrue(RefChecksum.ipv4FrameOk(out, 14));
    }

    @Test
    void ipv6RoundTrip() {
        long[] guest = Ipv6.parse("2001:db8::15");
        long[] remote = Ipv6.parse("2001:4860:4860::8888");
        int n = EchoFrames.reply6(in, 0, 2048, OUR_MAC, GUEST_MAC, guest[0], guest[1], remote[0], remote[1],
                9, 10, data, 0, 17);
        Be.u8(in, Frames.IPV6_L4, Icmp.V6_ECHO_REQUEST);
        Be.u16(in, Frames.IPV6_L4 + 2, Be.u16(in, Frames.IPV6_L4 + 2) + 0x0100);
        assertTrue(pf.parse(in, 0, n));
        assertTrue(echo.parseRequest(pf), String.valueOf(echo.reason()));
        assertTrue(echo.isIpv6());
        assertEquals(remote[1], echo.destinationLo());
        int r = EchoFrames.reply6(out, 0, 1500, GUEST_MAC, OUR_MAC, remote[0], remote[1], guest[0], guest[1],
                echo.identifier(), echo.sequence(), in, echo.payloadOffset(), echo.payloadLength());
        assertEquals(Icmp.V6_ECHO_REPLY, Be.u8(out, Frames.IPV6_L4));
        assertEquals(10, Be.u16(out, Frames.IPV6_L4 + 6));
        assertTrue(RefChecksum.ipv6FrameOk(out, 14));
        assertEquals(n, r);
    }

    @Test
    void rejectsCorruptOrNonEcho() {
        int n = request4();
        Be.u8(in, n - 1, 'Q');
        assertTrue(pf.parse(in, 0, n));
        assertFalse(echo.parseRequest(pf));
        assertEquals(DropReason.BAD_CHECKSUM, echo.reason());
        n = EchoFrames.reply4(in, 0, 2048, OUR_MAC, GUEST_MAC, 1, 2, 1, 1, data, 0, 3);
        assertTrue(pf.parse(in, 0, n));
        assertFalse(echo.parseRequest(pf));
        assertNull(echo.reason(), "an echo reply is simply not a request");
    }

    @Test
    void replyThatDoesNotFitIsRefused() {
        assertEquals(0, EchoFrames.reply4(out, 0, 50, GUEST_MAC, OUR_MAC, 1, 2, 1, 1, data, 0, 17));
        assertEquals(0, EchoFrames.reply4(out, 0, 1500, GUEST_MAC, OUR_MAC, 1, 2, 1, 1, data, 10, 17));
    }

    @Test
    void randomFramesNeverThrow() {
        Random r = new Random(3);
        int base = request4();
        MemorySegment copy = MemorySegment.ofArray(new byte[2048]);
        for (int i = 0; i < 100_000; i++) {
            MemorySegment.copy(in, 0, copy, 0, 200);
            for (int f = 0; f < 3; f++) {
                Be.u8(copy, 14 + r.nextInt(base - 14), r.nextInt(256));
            }
            int len = r.nextBoolean() ? base : r.nextInt(base + 10);
            if (pf.parse(copy, 0, len) && echo.parseRequest(pf)) {
                assertTrue(echo.payloadOffset() + echo.payloadLength() <= len);
            }
        }
    }
}

package io.jpasst.engine.packet.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropReason;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParsedFrameTest {
    final MemorySegment buf = MemorySegment.ofArray(new byte[2048]);
    final ParsedFrame pf = new ParsedFrame();

    int udp4Frame(int payload) {
        return Frames.udp4(buf, 0, 0x020000000001L, 0x020000000002L, 0x0a000002, 0x0a000001, 68, 67, payload);
    }

    @Test
    void parsesBuiltUdp4AndVerifiesChecksums() {
        int len = udp4Frame(10);
        assertTrue(pf.parse(buf, 0, len + 6)); // Ethernet padding after the datagram is fine
        assertTrue(pf.isIpv4());
        assertEquals(17, pf.proto());
        assertEquals(34, pf.l4Offset());
        assertEquals(18, pf.l4Length());
        assertFalse(pf.isFragment());
        assertTrue(pf.l4ChecksumOk());
        Be.u8(buf, Frames.UDP4_PAYLOAD, 1);
        assertFalse(pf.l4ChecksumOk());
    }

    @Test
    void rejectsBadIpv4() {
        int len = udp4Frame(4);
        assertFalse(pf.parse(buf, 0, len - 1));
        assertEquals(DropReason.BAD_LENGTH, pf.reason());
        Be.u8(buf, 14 + 8, 63); // TTL change breaks the header checksum
        assertFalse(pf.parse(buf, 0, len));
        assertEquals(DropReason.BAD_CHECKSUM, pf.reason());
        udp4Frame(4);
        Be.u8(buf, 14, 0x44);
        assertFalse(pf.parse(buf, 0, len));
        assertEquals(DropReason.MALFORMED, pf.reason());
        assertFalse(pf.parse(buf, 0, 13));
        assertEquals(DropReason.BAD_LENGTH, pf.reason());
    }

    @Test
    void detectsIpv4Fragments() {
        int len = udp4Frame(4);
        Be.u16(buf, 14 + Ipv4.FRAG, 0x2000);
        Be.u16(buf, 14 + Ipv4.CHECKSUM, 0);
        Be.u16(buf, 14 + Ipv4.CHECKSUM, Checksum.finish(Checksum.sum(buf, 14, 20, 0)));
        assertTrue(pf.parse(buf, 0, len));
        assertTrue(pf.isFragment());
    }

    @Test
    void walksIpv6ExtensionHeaders() {
        long[] a = Ipv6.parse("fe80::1");
        // IPv6 | hop-by-hop (8) | dest opts (16) | UDP
        Eth.header(buf, 0, 1, 2, Eth.TYPE_IPV6);
        Ipv6.header(buf, 14, 8 + 16 + 12, Ipv6.NH_HOP_BY_HOP, 1, a[0], a[1], a[0], a[1]);
        Be.u8(buf, 54, Ipv6.NH_DEST_OPTS);
        Be.u8(buf, 55, 0);
        Be.u8(buf, 62, Ipv6.NH_UDP);
        Be.u8(buf, 63, 1);
        int len = 14 + 40 + 8 + 16 + 12;
        assertTrue(pf.parse(buf, 0, len));
        assertEquals(17, pf.proto());
        assertEquals(14 + 40 + 24, pf.l4Offset());
        assertEquals(12, pf.l4Length());
        // dest-opts length running past the payload
        Be.u8(buf, 63, 9);
        assertFalse(pf.parse(buf, 0, len));
        assertEquals(DropReason.BAD_LENGTH, pf.reason());
        // payload length larger than the frame
        Be.u8(buf, 63, 1);
        assertFalse(pf.parse(buf, 0, len - 1));
        // fragment header
        Be.u8(buf, 62, Ipv6.NH_FRAGMENT);
        Be.u8(buf, 78, Ipv6.NH_UDP);
        assertTrue(pf.parse(buf, 0, len));
        assertEquals(4, pf.l4Length());
        assertTrue(pf.isFragment());
    }

    @Test
    void randomFramesNeverThrow() {
        Random r = new Random(1);
        byte[] b = new byte[200];
        MemorySegment s = MemorySegment.ofArray(b);
        for (int i = 0; i < 100_000; i++) {
            r.nextBytes(b);
            Be.u16(s, 12, r.nextBoolean() ? Eth.TYPE_IPV4 : Eth.TYPE_IPV6);
            Be.u8(s, 14, r.nextBoolean() ? 0x45 : 0x60);
            int len = r.nextInt(201);
            if (pf.parse(s, 0, len)) {
                assertTrue(pf.l4Offset() + pf.l4Length() <= len);
            }
        }
    }
}

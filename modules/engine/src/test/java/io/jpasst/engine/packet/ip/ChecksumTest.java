package io.jpasst.engine.packet.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChecksumTest {
    static int reference(byte[] b, int off, int len, long initial) {
        return RefChecksum.sum16(b, off, len, initial);
    }

    static MemorySegment hex(String h) {
        return MemorySegment.ofArray(HexFormat.of().parseHex(h.replace(" ", "")));
    }

    @Test
    void rfc1071Example() {
        MemorySegment s = hex("0001f203f4f5f6f7");
        assertEquals(0xddf2, Checksum.fold(Checksum.sum(s, 0, 8, 0)));
        assertEquals(0x220d, Checksum.finish(Checksum.sum(s, 0, 8, 0)));
    }

    @Test
    void handCheckedIpv4Header() {
        // 192.168.0.1 -> 192.168.0.199 UDP, checksum field b861 (computed by hand, well known)
        MemorySegment s = hex("45000073000040004011b861c0a80001c0a800c7");
        assertTrue(Checksum.verifiesIpv4Header(s, 0, 20));
        s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 10, (byte) 0);
        s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 11, (byte) 0);
        assertEquals(0xb861, Checksum.finish(Checksum.sum(s, 0, 20, 0)));
        assertFalse(Checksum.verifiesIpv4Header(s, 0, 20));
    }

    @Test
    void handCheckedUdpDatagram() {
        // 10.0.0.1:12345 -> 10.0.0.2:53, payload "hi": checksum computed by hand:
        // pseudo 0a00+0001+0a00+0002+0011+000a = 0x141e; header 3039+0035+000a = 0x3078;
        // payload 6869; total 0xacff -> complement 0x5300
        MemorySegment s = hex("30390035000a0000" + "6869");
        long acc = Checksum.sum(s, 0, 10, Checksum.pseudoIpv4(0x0a000001, 0x0a000002, 17, 10));
        assertEquals(0x5300, Checksum.finish(acc));
    }

    @Test
    void matchesReferenceForAllLengthsAndOffsets() {
        Random r = new Random(42);
        byte[] b = new byte[300];
        for (int round = 0; round < 50; round++) {
            r.nextBytes(b);
            MemorySegment s = MemorySegment.ofArray(b);
            for (int off = 0; off < 9; off++) {
                for (int len = 0; len < 280; len++) {
                    assertEquals(reference(b, off, len, 0), Checksum.fold(Checksum.sum(s, off, len, 0)),
                            "off " + off + " len " + len);
                }
            }
        }
    }

    @Test
    void chainedSumsEqualOneSum() {
        Random r = new Random(7);
        byte[] b = new byte[1500];
        r.nextBytes(b);
        MemorySegment s = MemorySegment.ofArray(b);
        long acc = Checksum.sum(s, 0, 100, 0);
        acc = Checksum.sum(s, 100, 1001, acc);
        assertEquals(reference(b, 0, 1101, 0), Checksum.fold(acc));
        // all-ones data exercises the carries
        byte[] ff = new byte[65535];
        java.util.Arrays.fill(ff, (byte) 0xff);
        assertEquals(reference(ff, 0, 65535, 0), Checksum.fold(Checksum.sum(MemorySegment.ofArray(ff), 0, 65535, 0)));
    }

    @Test
    void ipv6PseudoHeaderMatchesReference() {
        long[] src = Ipv6.parse("2001:db8::1");
        long[] dst = Ipv6.parse("fe80::abcd:ef01:2345:6789");
        MemorySegment p = MemorySegment.ofArray(new byte[40]);
        Ipv6.address(p, 0, src[0], src[1]);
        Ipv6.address(p, 16, dst[0], dst[1]);
        io.jpasst.engine.packet.Be.u32(p, 32, 1234);
        io.jpasst.engine.packet.Be.u32(p, 36, 58);
        assertEquals(reference(p.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), 0, 40, 0),
                Checksum.fold(Checksum.pseudoIpv6(src[0], src[1], dst[0], dst[1], 58, 1234)));
    }

    @Test
    void udpZeroBecomesAllOnes() {
        assertEquals(0xffff, Checksum.finishUdp(0xffff));
        assertEquals(0, Checksum.finish(0xffff));
    }
}

package io.jpasst.engine.proto.l2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.packet.Be;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class OptionWriterTest {
    final MemorySegment s = MemorySegment.ofArray(new byte[64]);
    final OptionWriter w = new OptionWriter();

    @Test
    void framingsFillTheirLengths() {
        w.reset(s, 0, 64);
        long o = w.open8(12);
        w.u32(0x01020304);
        w.close8(o);
        assertEquals(4, Be.u8(s, 1));
        o = w.open16(23);
        w.ipv6(1, 2);
        w.close16(o);
        assertEquals(16, Be.u16(s, 8));
        o = w.open8(1);
        w.mac(0x0102_0304_0506L);
        w.u8(9); // 9 bytes in all: padded to 16
        w.closeNdp(o);
        assertEquals(2, Be.u8(s, 6 + 20 + 1));
        assertEquals(6 + 20 + 16, w.position());
        assertEquals(0, Be.u8(s, 6 + 20 + 15));
        assertFalse(w.overflowed());
    }

    @Test
    void overflowStopsAtTheLimitAndSticks() {
        s.fill((byte) 0x77);
        w.reset(s, 4, 10);
        w.u32(0);
        w.u32(0); // would end at 12 > 10
        assertTrue(w.overflowed());
        w.u8(0); // would fit, but the writer stays failed
        assertEquals(8, w.position());
        assertEquals(0x77, Be.u8(s, 8));
    }

    @Test
    void dhcpOptionLongerThan255Overflows() {
        MemorySegment big = MemorySegment.ofArray(new byte[600]);
        w.reset(big, 0, 600);
        long o = w.open8(119);
        w.zeros(256);
        w.close8(o);
        assertTrue(w.overflowed());
    }
}

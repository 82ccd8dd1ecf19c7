package io.jpasst.engine.proto.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeqTest {
    @Test
    void orderSurvivesWraparound() {
        int before = 0xffff_fff0;
        int after = 0x0000_0010;
        assertTrue(Seq.lt(before, after));
        assertTrue(Seq.gt(after, before));
        assertEquals(0x20, Seq.diff(after, before));
        assertEquals(-0x20, Seq.diff(before, after));
    }

    @Test
    void equalIsNeitherLessNorGreater() {
        assertFalse(Seq.lt(5, 5));
        assertFalse(Seq.gt(5, 5));
        assertTrue(Seq.le(5, 5));
        assertTrue(Seq.ge(5, 5));
    }

    @Test
    void betweenAcrossTheWrap() {
        assertTrue(Seq.between(2, 0xffff_fffe, 10));
        assertTrue(Seq.between(0xffff_ffff, 0xffff_fffe, 10));
        assertFalse(Seq.between(11, 0xffff_fffe, 10));
        assertFalse(Seq.between(0xffff_fffd, 0xffff_fffe, 10));
    }

    @Test
    void halfTheSpaceApartFlipsTheOrder() {
        assertTrue(Seq.lt(0, 0x7fff_ffff));
        assertFalse(Seq.lt(0, 0x8000_0001));
    }
}

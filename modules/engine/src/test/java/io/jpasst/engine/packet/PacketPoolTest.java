package io.jpasst.engine.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PacketPoolTest {
    private static final long SIZE = 2 * PacketBuffer.PAGE;
    private PacketBuffer buffer;
    private PacketPool pool;

    @BeforeEach
    void setUp() {
        buffer = new PacketBuffer(SIZE);
        pool = new PacketPool(buffer.segment(), 4);
    }

    @Test
    void bufferIsPageAligned() {
        assertEquals(0, buffer.segment().address() % PacketBuffer.PAGE);
        assertThrows(IllegalArgumentException.class, () -> new PacketBuffer(100));
    }

    @Test
    void addsAndReturnsRanges() {
        assertTrue(pool.add(100, 60));
        assertEquals(1, pool.count());
        assertEquals(60, pool.length(0));
        assertEquals(100, pool.get(0, 0, 60));
        assertEquals(114, pool.get(0, 14, 20));
        assertEquals(160, pool.get(0, 60, 0), "an empty range at the very end is inside");
    }

    @Test
    void rejectsIndexPastCount() {
        pool.add(0, 10);
        assertEquals(-1, pool.get(1, 0, 1));
        assertEquals(-1, pool.get(-1, 0, 1));
        assertEquals(-1, pool.length(1));
    }

    @Test
    void rejectsLengthPastEndOfPacket() {
        pool.add(0, 10);
        assertEquals(-1, pool.get(0, 0, 11));
        assertEquals(-1, pool.get(0, 5, 6));
        assertEquals(-1, pool.get(0, 11, 0));
        assertEquals(-1, pool.get(0, -1, 2));
        assertEquals(-1, pool.get(0, 0, -1));
    }

    @Test
    void rejectsOverflowingOffsetPlusLength() {
        pool.add(0, 10);
        assertEquals(-1, pool.get(0, Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals(-1, pool.get(0, 1, Integer.MAX_VALUE));
        assertFalse(pool.add(Long.MAX_VALUE, 10));
        assertFalse(pool.add(Long.MAX_VALUE - 5, 10));
    }

    @Test
    void rejectsDescriptorsOutsideTheBuffer() {
        assertFalse(pool.add(SIZE - 9, 10));
        assertFalse(pool.add(SIZE, 1));
        assertFalse(pool.add(-1, 10));
        assertFalse(pool.add(0, -1));
        assertFalse(pool.add(0, PacketPool.MAX_PACKET + 1));
        assertTrue(pool.add(SIZE - 10, 10));
        assertEquals(1, pool.count());
    }

    @Test
    void rejectsWhenFullAndFlushEmpties() {
        for (int i = 0; i < 4; i++) {
            assertTrue(pool.add(i * 100, 50));
        }
        assertTrue(pool.full());
        assertFalse(pool.add(1000, 50));
        assertEquals(4, pool.count());
        pool.flush();
        assertEquals(0, pool.count());
        assertEquals(-1, pool.get(0, 0, 1));
        assertTrue(pool.add(0, 1));
    }
}

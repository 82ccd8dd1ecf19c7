package io.jpasst.engine.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FlowTableTest {
    final FlowTable t = new FlowTable(64);

    int add(long remote, int port) {
        return t.insert(FlowTable.TAP_OUT, false, FlowTable.TAG_GUEST, 0, 0x0a00_0002L, 40000, 0, remote, port, 1);
    }

    int find(long remote, int port) {
        return t.find(false, FlowTable.TAG_GUEST, 0, 0x0a00_0002L, 40000, 0, remote, port);
    }

    @Test
    void findsWhatWasInsertedAndNothingElse() {
        int a = add(0xcb00_710aL, 7);
        int b = add(0xcb00_710aL, 8);
        assertNotEquals(a, b);
        assertEquals(a, find(0xcb00_710aL, 7));
        assertEquals(b, find(0xcb00_710aL, 8));
        assertEquals(-1, find(0xcb00_710aL, 9));
        // same endpoints, other family or tag: other flows
        assertEquals(-1, t.find(true, FlowTable.TAG_GUEST, 0, 0x0a00_0002L, 40000, 0, 0xcb00_710aL, 7));
        assertEquals(-1, t.find(false, 3, 0, 0x0a00_0002L, 40000, 0, 0xcb00_710aL, 7));
        assertEquals(2, t.size());
    }

    @Test
    void newSlotStartsClean() {
        int a = add(1, 1);
        t.fd[a] = 5;
        t.replied[a] = true;
        t.listener[a] = 2;
        t.remove(a);
        int b = add(2, 2);
        assertEquals(-1, t.fd[b]);
        assertEquals(-1, t.listener[b]);
        assertFalse(t.replied[b]);
        assertEquals(FlowTable.TAP_OUT, t.kind[b]);
    }

    @Test
    void fullTableRefusesAndRemovalMakesRoom() {
        for (int i = 0; i < 64; i++) {
            assertTrue(add(i, 1) >= 0);
        }
        assertEquals(-1, add(100, 1));
        t.remove(find(10, 1));
        assertEquals(-1, find(10, 1));
        assertTrue(add(100, 1) >= 0);
        assertEquals(64, t.size());
    }

    /** Random inserts and removals against a plain model: every live key found, no dead one. */
    @Test
    void churnAgreesWithModel() {
        Random r = new Random(7);
        int[] slotOf = new int[200];
        java.util.Arrays.fill(slotOf, -1);
        for (int step = 0; step < 20_000; step++) {
            int k = r.nextInt(200);
            if (slotOf[k] >= 0) {
                t.remove(slotOf[k]);
                slotOf[k] = -1;
            } else if (t.size() < 64) {
                slotOf[k] = add(k, k * 3);
                assertTrue(slotOf[k] >= 0);
            }
            int probe = r.nextInt(200);
            assertEquals(slotOf[probe], find(probe, probe * 3));
        }
    }

    @Test
    void removingAFreeSlotIsHarmless() {
        int a = add(1, 1);
        t.remove(a);
        t.remove(a);
        t.remove(-1);
        t.remove(1000);
        assertEquals(0, t.size());
        assertFalse(t.inUse(a));
    }
}

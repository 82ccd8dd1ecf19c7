package io.jpasst.engine.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlowTableTest {
    private static final int TCP = 6;
    private static final long GUEST = 0xc000_0202L;
    private static final long REMOTE = 0xcb00_710aL;

    @Test
    void insertThenLookupFindsTheSameIndex() {
        FlowTable t = new FlowTable(16, 1, 2);
        int f = t.insert(TCP, 0, GUEST, 40000, 0, REMOTE, 80);
        assertEquals(f, t.lookup(TCP, 0, GUEST, 40000, 0, REMOTE, 80));
        assertEquals(1, t.size());
    }

    @Test
    void everyKeyFieldTakesPart() {
        FlowTable t = new FlowTable(16, 1, 2);
        t.insert(TCP, 0, GUEST, 40000, 0, REMOTE, 80);
        assertEquals(FlowTable.NONE, t.lookup(TCP | 0x100, 0, GUEST, 40000, 0, REMOTE, 80));
        assertEquals(FlowTable.NONE, t.lookup(TCP, 1, GUEST, 40000, 0, REMOTE, 80));
        assertEquals(FlowTable.NONE, t.lookup(TCP, 0, GUEST + 1, 40000, 0, REMOTE, 80));
        assertEquals(FlowTable.NONE, t.lookup(TCP, 0, GUEST, 40001, 0, REMOTE, 80));
        assertEquals(FlowTable.NONE, t.lookup(TCP, 0, GUEST, 40000, 1, REMOTE, 80));
        assertEquals(FlowTable.NONE, t.lookup(TCP, 0, GUEST, 40000, 0, REMOTE + 1, 80));
        assertEquals(FlowTable.NONE, t.lookup(TCP, 0, GUEST, 40000, 0, REMOTE, 81));
        assertEquals(FlowTable.NONE, t.lookup(17, 0, GUEST, 40000, 0, REMOTE, 80));
    }

    @Test
    void fullTableRefusesAndRemovalFreesASlot() {
        FlowTable t = new FlowTable(8, 1, 2);
        for (int i = 0; i < 8; i++) {
            assertNotEquals(FlowTable.NONE, t.insert(TCP, 0, GUEST, 1000 + i, 0, REMOTE, 80));
        }
        assertEquals(FlowTable.NONE, t.insert(TCP, 0, GUEST, 2000, 0, REMOTE, 80));
        int victim = t.lookup(TCP, 0, GUEST, 1003, 0, REMOTE, 80);
        t.remove(victim);
        assertFalse(t.inUse(victim));
        assertEquals(victim, t.insert(TCP, 0, GUEST, 2000, 0, REMOTE, 80));
        assertEquals(FlowTable.NONE, t.lookup(TCP, 0, GUEST, 1003, 0, REMOTE, 80));
    }

    /**
     * The TCP translation's table: 65,536 flows, grown from 256 as they come (memory follows the
     * flows in use), every one found again after the growth's rehashes, then emptied.
     */
    @Test
    void aGrowingTableFillsTo65536AndEmptiesAgain() {
        int max = 65_536;
        FlowTable t = new FlowTable(max, 256, 1, 2);
        assertEquals(256, t.allocated());
        for (int i = 0; i < max; i++) {
            long remote = REMOTE + (i >>> 16);
            assertEquals(i, t.insert(TCP | (i & 1) << 8, 0, GUEST, i & 0xffff, 0, remote, 80), "flow " + i);
            assertTrue(t.allocated() >= i + 1 && t.allocated() <= Math.max(256, 2 * (i + 1)), "grows by doubling");
        }
        assertEquals(max, t.size());
        assertEquals(max, t.allocated());
        assertEquals(FlowTable.NONE, t.insert(TCP, 0, GUEST, 1, 0, REMOTE + 7, 80));
        for (int i = 0; i < max; i++) {
            assertEquals(i, t.lookup(TCP | (i & 1) << 8, 0, GUEST, i & 0xffff, 0, REMOTE + (i >>> 16), 80));
        }
        for (int i = 0; i < max; i++) {
            t.remove(i);
        }
        assertEquals(0, t.size());
        assertEquals(FlowTable.NONE, t.lookup(TCP, 0, GUEST, 0, 0, REMOTE, 80));
        assertNotEquals(FlowTable.NONE, t.insert(TCP, 0, GUEST, 0, 0, REMOTE, 80));
    }

    @Test
    void removingUnknownIndicesIsHarmless() {
        FlowTable t = new FlowTable(4, 1, 2);
        t.remove(-1);
        t.remove(3);
        t.remove(99);
        assertEquals(0, t.size());
    }

    /**
     * Random churn against a reference map on a nearly full table, so probe chains are long
     * and removals in their middle must shift later entries back correctly.
     */
    @Test
    void churnKeepsEveryChainIntact() {
        int cap = 256;
        FlowTable t = new FlowTable(cap, 42, 43);
        Map<Integer, Integer> ref = new HashMap<>();
        List<Integer> live = new ArrayList<>();
        Random r = new Random(7);
        for (int step = 0; step < 200_000; step++) {
            boolean add = live.isEmpty() || (live.size() < cap && r.nextInt(100) < 55);
            if (add) {
                int port = r.nextInt(65536);
                if (ref.containsKey(port)) {
                    continue;
                }
                int f = t.insert(TCP, 0, GUEST, port, 0, REMOTE, 443);
                assertTrue(f >= 0);
                ref.put(port, f);
                live.add(port);
            } else {
                int port = live.remove(r.nextInt(live.size()));
                t.remove(ref.remove(port));
            }
        }
        assertEquals(ref.size(), t.size());
        for (Map.Entry<Integer, Integer> e : ref.entrySet()) {
            assertEquals(e.getValue(), t.lookup(TCP, 0, GUEST, e.getKey(), 0, REMOTE, 443));
        }
        for (int port = 0; port < 65536; port += 97) {
            if (!ref.containsKey(port)) {
                assertEquals(FlowTable.NONE, t.lookup(TCP, 0, GUEST, port, 0, REMOTE, 443));
            }
        }
    }

    /** Without tombstones, emptying the table leaves every probe as short as on a new one. */
    @Test
    void emptiedTableHasNoLeftovers() {
        FlowTable t = new FlowTable(64, 5, 6);
        int[] f = new int[64];
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 64; i++) {
                f[i] = t.insert(TCP, 0, GUEST, round * 64 + i, 0, REMOTE, 80);
            }
            for (int i = 0; i < 64; i++) {
                t.remove(f[i]);
            }
        }
        assertEquals(0, t.size());
        int g = t.insert(TCP, 0, GUEST, 1, 0, REMOTE, 80);
        assertEquals(0, t.probeDistance(g));
    }

    @Test
    void probeChainsStayShortAtFullLoad() {
        FlowTable t = new FlowTable(1024, 11, 12);
        int worst = 0;
        for (int i = 0; i < 1024; i++) {
            worst = Math.max(worst, t.probeDistance(t.insert(TCP, 0, GUEST, i, 0, REMOTE, 80)));
        }
        // Load factor 1/2 with linear probing: chains of a few dozen at most.
        assertTrue(worst < 64, "longest probe " + worst);
    }

    @Test
    void secretChangesThePlacement() {
        FlowTable a = new FlowTable(16, 1, 2);
        FlowTable b = new FlowTable(16, 3, 4);
        int differ = 0;
        for (int port = 0; port < 64; port++) {
            if (a.hash(TCP, 0, GUEST, 0, REMOTE, port) != b.hash(TCP, 0, GUEST, 0, REMOTE, port)) {
                differ++;
            }
        }
        assertEquals(64, differ);
    }
}

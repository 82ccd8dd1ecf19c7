package io.jpasst.engine.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.runtime.loop.EventLoop;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one flow table with every kind of flow in it: TCP, UDP and ICMP echo (keyed) and
 * spliced connections (unkeyed), each type's owner growing with it and getting its expiry.
 */
class MixedFlowsTest {
    private static final int[] TYPES = {FlowTable.TCP, FlowTable.UDP, FlowTable.PING, FlowTable.SPLICE};
    private static final int[] PROTOCOLS = {6, 17, 1, 0};

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final EventLoop loop = new EventLoop((type, t, n) -> { }, clock::get);

    /** Per type: the indices it was told about, and which of its flows expired. */
    private static final class Recorder implements FlowTable.Owner {
        final int type;
        int allocated;
        int expiries;
        boolean foreign;
        FlowTable table;

        Recorder(int type) {
            this.type = type;
        }

        @Override
        public void grow(int size) {
            assertTrue(size >= allocated, "indices only grow");
            allocated = size;
        }

        @Override
        public void expired(int flow, long now) {
            expiries++;
            foreign |= table.type(flow) != type;
            table.close(flow);
        }
    }

    @AfterEach
    void close() {
        loop.close();
    }

    private static int open(FlowTable t, int i) {
        int kind = i & 3;
        if (TYPES[kind] == FlowTable.SPLICE) {
            return t.openUnkeyed(FlowTable.SPLICE);
        }
        return t.open(TYPES[kind], PROTOCOLS[kind], 0, 0x0a00_0002L, i >>> 16, 0, 0xcb00_7100L + (i & 0xff), i & 0xffff);
    }

    private static int lookup(FlowTable t, int i) {
        int kind = i & 3;
        return t.lookup(PROTOCOLS[kind], 0, 0x0a00_0002L, i >>> 16, 0, 0xcb00_7100L + (i & 0xff), i & 0xffff);
    }

    @Test
    void fillsToCapacityWithMixedFlowsAndEmptiesAgain() {
        FlowTable t = new FlowTable(FlowTable.MAX_FLOWS, 256, loop);
        Recorder[] owners = new Recorder[TYPES.length];
        for (int k = 0; k < TYPES.length; k++) {
            owners[k] = new Recorder(TYPES[k]);
            owners[k].table = t;
            t.owner(TYPES[k], owners[k]);
            assertEquals(256, owners[k].allocated, "memory follows the flows: small at first");
        }
        assertTrue(FlowTable.MAX_FLOWS >= 65_536);
        int[] index = new int[FlowTable.MAX_FLOWS];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < FlowTable.MAX_FLOWS; i++) {
                index[i] = open(t, i);
                assertTrue(index[i] >= 0, "flow " + i + " of round " + round);
                assertEquals(TYPES[i & 3], t.type(index[i]));
            }
            assertEquals(FlowTable.MAX_FLOWS, t.size());
            for (int k = 0; k < TYPES.length; k++) {
                assertEquals(FlowTable.MAX_FLOWS / 4, t.size(TYPES[k]));
                assertEquals(FlowTable.MAX_FLOWS, owners[k].allocated, "every owner grew with the table");
            }
            // One capacity for all: no type has room left of its own.
            for (int k = 0; k < TYPES.length; k++) {
                assertEquals(FlowTable.NONE, open(t, FlowTable.MAX_FLOWS + k));
            }
            for (int i = 0; i < FlowTable.MAX_FLOWS; i++) {
                if ((i & 3) != 3) {
                    assertEquals(index[i], lookup(t, i));
                }
            }
            for (int i = 0; i < FlowTable.MAX_FLOWS; i++) {
                t.close(index[i]);
            }
            assertEquals(0, t.size());
            for (int k = 0; k < TYPES.length; k++) {
                assertEquals(0, t.size(TYPES[k]));
            }
            for (int i = 0; i < FlowTable.MAX_FLOWS; i += 997) {
                if ((i & 3) != 3) {
                    assertEquals(FlowTable.NONE, lookup(t, i));
                }
                assertFalse(t.inUse(index[i]));
            }
        }
    }

    @Test
    void expiryReachesTheOwnerOfEachFlowOnceThroughTheLoop() {
        FlowTable t = new FlowTable(1024, 4, loop);
        Recorder[] owners = new Recorder[TYPES.length];
        for (int k = 0; k < TYPES.length; k++) {
            owners[k] = new Recorder(TYPES[k]);
            owners[k].table = t;
            t.owner(TYPES[k], owners[k]);
        }
        long now = clock.get();
        int[] index = new int[400];
        for (int i = 0; i < index.length; i++) {
            index[i] = open(t, i);
            t.expireAt(index[i], now + 1_000 + i);
        }
        // Closed before its deadline: its timer goes with it.
        t.close(index[0]);
        // Moved earlier by expireBy, not later.
        t.expireBy(index[1], now + 5);
        t.expireBy(index[2], now + 1_000_000);
        clock.addAndGet(10);
        loop.round();
        assertEquals(1, owners[1].expiries);
        assertFalse(t.inUse(index[1]));
        assertTrue(t.inUse(index[2]));
        clock.addAndGet(10_000);
        loop.round();
        for (int k = 0; k < TYPES.length; k++) {
            assertEquals(k == 0 ? 99 : 100, owners[k].expiries, "type " + TYPES[k]);
            assertFalse(owners[k].foreign);
        }
        assertEquals(0, t.size());
    }
}

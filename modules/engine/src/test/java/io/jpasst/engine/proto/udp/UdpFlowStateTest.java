package io.jpasst.engine.proto.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.packet.ip.Ipv4;
import org.junit.jupiter.api.Test;

class UdpFlowStateTest {
    private static final long GUEST = 0x0a00_0002L;
    private static final long REMOTE = 0xcb00_710aL;
    final UdpFlowState t = new UdpFlowState(64);

    int add(long remote, int port) {
        return t.insert(UdpFlowState.TAP_OUT, false, UdpFlowState.TAG_GUEST, 0, GUEST, 40000, 0, remote, port, 1);
    }

    int find(long remote, int port) {
        return t.find(false, UdpFlowState.TAG_GUEST, 0, GUEST, 40000, 0, remote, port);
    }

    @Test
    void findsWhatWasInsertedAndNothingElse() {
        int a = add(REMOTE, 7);
        int b = add(REMOTE, 8);
        assertNotEquals(a, b);
        assertEquals(a, find(REMOTE, 7));
        assertEquals(b, find(REMOTE, 8));
        assertEquals(FlowTable.NONE, find(REMOTE, 9));
        // same endpoints, other family or tag (a listener's bypass flows): other flows
        assertEquals(FlowTable.NONE, t.find(true, UdpFlowState.TAG_GUEST, 0, GUEST, 40000, 0, REMOTE, 7));
        assertEquals(FlowTable.NONE, t.find(false, 3, 0, GUEST, 40000, 0, REMOTE, 7));
        assertEquals(2, t.size());
    }

    @Test
    void keyFieldsAndFamilyReadBack() {
        int a = t.insert(UdpFlowState.BYPASS, true, (1 << 17) | 5353, 0x2001_0db8_0000_0001L, 2, 1234, 0, 0, 0, 9);
        assertTrue(t.v6(a));
        assertEquals(0x2001_0db8_0000_0001L, t.keys.guestHi(a));
        assertEquals(2, t.keys.guestLo(a));
        assertEquals(1234, t.keys.guestPort(a));
        assertEquals(0, t.keys.remotePort(a));
        assertEquals(9, t.lastUse[a]);
        assertFalse(t.v6(add(REMOTE, 1)));
    }

    @Test
    void keysStayApartFromTcpAndAcrossTags() {
        assertNotEquals(Ipv4.PROTO_TCP, UdpFlowState.key(false, UdpFlowState.TAG_GUEST) & 0xff);
        assertEquals(Ipv4.PROTO_UDP, UdpFlowState.key(true, 1 << 17 | 65535) & 0xff);
        assertNotEquals(UdpFlowState.key(false, 0), UdpFlowState.key(false, UdpFlowState.TAG_GUEST));
        assertNotEquals(UdpFlowState.key(false, 1 << 17 | 65535), UdpFlowState.key(true, 1 << 17 | 65535));
    }

    @Test
    void newSlotStartsClean() {
        int a = add(1, 1);
        t.fd[a] = 5;
        t.replied[a] = true;
        t.listener[a] = 2;
        t.mapped[a] = true;
        t.remove(a);
        int b = add(2, 2);
        assertEquals(-1, t.fd[b]);
        assertEquals(-1, t.listener[b]);
        assertFalse(t.replied[b]);
        assertFalse(t.mapped[b]);
        assertEquals(UdpFlowState.TAP_OUT, t.kind[b]);
    }

    @Test
    void fullTableRefusesAndRemovalMakesRoom() {
        for (int i = 0; i < 64; i++) {
            assertTrue(add(i, 1) >= 0);
        }
        assertEquals(FlowTable.NONE, add(100, 1));
        t.remove(find(10, 1));
        assertEquals(FlowTable.NONE, find(10, 1));
        assertTrue(add(100, 1) >= 0);
        assertEquals(64, t.size());
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

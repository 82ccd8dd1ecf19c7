package io.jpasst.engine.proto.udp;

import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.packet.ip.Ipv4;
import java.util.Arrays;

/**
 * UDP flows: their keys in the shared {@link FlowTable}, and beside them, indexed the same
 * way, what UDP keeps per flow (its kind, socket, listener, timestamps) in primitive arrays.
 *
 * <p>A key is the family, a tag and two endpoints. Flows the guest talks through are tagged
 * {@link #TAG_GUEST} and keyed by (guest address and port, remote address and port); loopback
 * bypass flows are tagged with their listener's reference index and keyed by the peer alone,
 * so the same peer on two listeners makes two flows. The tag and the family go into the
 * table's protocol field, which keeps UDP keys apart from TCP's and IPv4 from IPv6.
 */
final class UdpFlowState {
    /** Flows keyed by the guest's view: guest address/port and the remote it talks to. */
    static final int TAG_GUEST = -1;

    /** The guest started it: a connected host socket of its own. */
    static final byte TAP_OUT = 1;
    /** A -u listener received it from a non-loopback peer: replies leave through the listener. */
    static final byte TAP_IN = 2;
    /** Loopback bypass: listener on one side, a connected socket of its own on the other. */
    static final byte BYPASS = 3;

    private static final int V6 = 0x100;
    private static final int TAG_SHIFT = 9;

    final FlowTable keys;
    final byte[] kind;
    /** The flow's own socket, or -1 when it replies through its listener. */
    final int[] fd;
    /** Reference index of the listener a TAP_IN or BYPASS flow came through, else -1. */
    final int[] listener;
    /** The peer came over a dual-stack listener as an IPv4-mapped address: reply the same way. */
    final boolean[] mapped;
    /**
     * The real host-side peer: of a TAP_IN flow, where replies go (the key holds the address
     * the guest sees instead, {@link io.jpasst.engine.flow.fwd.HostNat}, the one it answers to); of
     * a TAP_OUT flow, where its socket is connected (after {@link io.jpasst.engine.flow.GuestNat}),
     * which tells an ICMP error of the peer itself from one of a router on the way.
     */
    final long[] peerHi;
    final long[] peerLo;
    final long[] guestMac;
    final long[] lastUse;
    /** Traffic went both ways: the longer timeout applies. */
    final boolean[] replied;
    /** The TTL or hop limit the flow socket sends with (the guest's), 0 before the first datagram. */
    final byte[] ttl;

    UdpFlowState(int capacity) {
        keys = new FlowTable(capacity);
        kind = new byte[capacity];
        fd = new int[capacity];
        listener = new int[capacity];
        mapped = new boolean[capacity];
        peerHi = new long[capacity];
        peerLo = new long[capacity];
        guestMac = new long[capacity];
        lastUse = new long[capacity];
        replied = new boolean[capacity];
        ttl = new byte[capacity];
        Arrays.fill(fd, -1);
        Arrays.fill(listener, -1);
    }

    /** The table's protocol field for a UDP key of this family and tag (a listener index or TAG_GUEST). */
    static int key(boolean six, int tag) {
        return Ipv4.PROTO_UDP | (six ? V6 : 0) | (tag + 1) << TAG_SHIFT;
    }

    int capacity() {
        return keys.capacity();
    }

    int size() {
        return keys.size();
    }

    boolean inUse(int f) {
        return keys.inUse(f);
    }

    boolean v6(int f) {
        return (keys.protocol(f) & V6) != 0;
    }

    /** The flow with this key, or {@link FlowTable#NONE}. */
    int find(boolean six, int tag, long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
        return keys.lookup(key(six, tag), aHi, aLo, aPort, bHi, bLo, bPort);
    }

    /** A new flow with this key and fresh state; {@link FlowTable#NONE} when the table is full. */
    int insert(byte k, boolean six, int tag, long aHi, long aLo, int aPort, long bHi, long bLo, int bPort, long now) {
        int f = keys.insert(key(six, tag), aHi, aLo, aPort, bHi, bLo, bPort);
        if (f == FlowTable.NONE) {
            return f;
        }
        kind[f] = k;
        fd[f] = -1;
        listener[f] = -1;
        mapped[f] = false;
        guestMac[f] = 0;
        lastUse[f] = now;
        replied[f] = false;
        ttl[f] = 0;
        return f;
    }

    /** Forgets a flow; its socket is the caller's to close. */
    void remove(int f) {
        if (keys.inUse(f)) {
            kind[f] = 0;
            fd[f] = -1;
            keys.remove(f);
        }
    }
}

package io.jpasst.engine.proto.udp;

import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.sys.Epoll;
import io.jpasst.sys.Fd;
import java.util.Arrays;

/**
 * UDP flows: their keys in the shared {@link FlowTable} (its {@link FlowTable#UDP} entries),
 * and beside them, indexed the same way and grown with it, what UDP keeps per flow (its kind,
 * socket, listener, timestamps) in primitive arrays. Each flow's expiry timer is armed for its
 * idle limit ({@link IdlePolicy}).
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
    private final IdlePolicy idle;
    byte[] kind = new byte[0];
    /** The flow's own socket, or -1 when it replies through its listener. */
    int[] fd = new int[0];
    /** Reference index of the listener a TAP_IN or BYPASS flow came through, else -1. */
    int[] listener = new int[0];
    /** The peer came over a dual-stack listener as an IPv4-mapped address: reply the same way. */
    boolean[] mapped = new boolean[0];
    /**
     * The real host-side peer: of a TAP_IN flow, where replies go (the key holds the address
     * the guest sees instead, the one it answers to); of a TAP_OUT flow, where its socket is
     * connected, which tells an ICMP error of the peer itself from one of a router on the way.
     * Both come from {@link io.jpasst.engine.flow.nat.AddressMap}.
     */
    long[] peerHi = new long[0];
    long[] peerLo = new long[0];
    long[] guestMac = new long[0];
    long[] lastUse = new long[0];
    /** Traffic went both ways: the longer timeout applies. */
    boolean[] replied = new boolean[0];
    /** The TTL or hop limit the flow socket sends with (the guest's), 0 before the first datagram. */
    byte[] ttl = new byte[0];

    UdpFlowState(FlowTable table, IdlePolicy idle) {
        this.keys = table;
        this.idle = idle;
        grow(table.allocated());
    }

    /** State on a table of its own, allocated at once (unit tests). */
    UdpFlowState(int capacity) {
        this(new FlowTable(capacity), IdlePolicy.fromSystemProperties());
    }

    /** Room for every index of the table (its owner's growth callback). */
    void grow(int size) {
        int old = kind.length;
        kind = Arrays.copyOf(kind, size);
        fd = Arrays.copyOf(fd, size);
        listener = Arrays.copyOf(listener, size);
        mapped = Arrays.copyOf(mapped, size);
        peerHi = Arrays.copyOf(peerHi, size);
        peerLo = Arrays.copyOf(peerLo, size);
        guestMac = Arrays.copyOf(guestMac, size);
        lastUse = Arrays.copyOf(lastUse, size);
        replied = Arrays.copyOf(replied, size);
        ttl = Arrays.copyOf(ttl, size);
        Arrays.fill(fd, old, size, -1);
        Arrays.fill(listener, old, size, -1);
    }

    /** The table's protocol field for a UDP key of this family and tag (a listener index or TAG_GUEST). */
    static int key(boolean six, int tag) {
        return Ipv4.PROTO_UDP | (six ? V6 : 0) | (tag + 1) << TAG_SHIFT;
    }

    int size() {
        return keys.size(FlowTable.UDP);
    }

    boolean inUse(int f) {
        return keys.is(f, FlowTable.UDP);
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
        int f = keys.open(FlowTable.UDP, key(six, tag), aHi, aLo, aPort, bHi, bLo, bPort);
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
        keys.expireAt(f, now + idle.limit(false) + 1);
        return f;
    }

    /**
     * Gives the flow just inserted, {@code f} ({@link FlowTable#NONE}: the table was full), its
     * own socket {@code s}, registered with the loop: the flow, or -1 with the socket closed,
     * the flow forgotten and the reason counted.
     */
    int attach(int f, int s, EventLoop loop, DropCounters drops) {
        if (f < 0 || loop.add(s, Epoll.IN, EpollRef.of(EventType.UDP, s, f)) < 0) {
            Fd.close(s);
            remove(f);
            drops.count(f < 0 ? DropReason.FLOW_TABLE_FULL : DropReason.SOCKET_ERROR);
            return -1;
        }
        fd[f] = s;
        return f;
    }

    /**
     * The flow's timer fired: true if it has been idle past its limit (the caller closes it),
     * else the timer is armed again for when it would be.
     */
    boolean idleExpired(int f, long now) {
        if (idle.expired(now, lastUse[f], replied[f])) {
            return true;
        }
        keys.expireAt(f, lastUse[f] + idle.limit(replied[f]) + 1);
        return false;
    }

    /** Forgets a flow; its socket is the caller's to close. */
    void remove(int f) {
        if (inUse(f)) {
            kind[f] = 0;
            fd[f] = -1;
            keys.close(f);
        }
    }
}

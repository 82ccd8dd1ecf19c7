package io.jpasst.engine.udp;

import java.util.Arrays;

/**
 * UDP flows as parallel primitive arrays with a free list and a chained hash index, so a
 * lookup or an insert allocates nothing. A flow is keyed by its family, a tag (which listener
 * it belongs to, or {@link #TAG_GUEST} for flows seen from the guest), two endpoints and ports.
 *
 * <p>Kept private to the UDP engine behind this one class until the shared flow table of the
 * TCP work exists; swapping means re-implementing these few methods on top of it.
 */
final class FlowTable {
    /** Flows keyed by the guest's view: guest address/port and the remote it talks to. */
    static final int TAG_GUEST = -1;

    /** The guest started it: a connected host socket of its own. */
    static final byte TAP_OUT = 1;
    /** A -u listener received it from a non-loopback peer: replies leave through the listener. */
    static final byte TAP_IN = 2;
    /** Loopback bypass: listener on one side, a connected socket of its own on the other. */
    static final byte BYPASS = 3;

    final int capacity;
    final byte[] kind;
    final boolean[] v6;
    final int[] tag;
    final long[] aHi;
    final long[] aLo;
    final int[] aPort;
    final long[] bHi;
    final long[] bLo;
    final int[] bPort;
    /** The flow's own socket, or -1 when it replies through its listener. */
    final int[] fd;
    /** The listener a TAP_IN or BYPASS flow came through, else -1. */
    final int[] listener;
    final long[] guestMac;
    final long[] lastUse;
    /** Traffic went both ways: the longer timeout applies. */
    final boolean[] replied;

    private final int[] next;
    private final int[] buckets;
    private final int mask;
    private int freeHead;
    private int used;

    FlowTable(int capacity) {
        this.capacity = capacity;
        kind = new byte[capacity];
        v6 = new boolean[capacity];
        tag = new int[capacity];
        aHi = new long[capacity];
        aLo = new long[capacity];
        aPort = new int[capacity];
        bHi = new long[capacity];
        bLo = new long[capacity];
        bPort = new int[capacity];
        fd = new int[capacity];
        listener = new int[capacity];
        guestMac = new long[capacity];
        lastUse = new long[capacity];
        replied = new boolean[capacity];
        next = new int[capacity];
        buckets = new int[Integer.highestOneBit(capacity * 2 - 1) * 2];
        mask = buckets.length - 1;
        Arrays.fill(buckets, -1);
        Arrays.fill(fd, -1);
        for (int i = 0; i < capacity; i++) {
            next[i] = i + 1 < capacity ? i + 1 : -1;
        }
        freeHead = 0;
    }

    int size() {
        return used;
    }

    boolean inUse(int slot) {
        return slot >= 0 && slot < capacity && kind[slot] != 0;
    }

    private int bucket(boolean six, int t, long ah, long al, int ap, long bh, long bl, int bp) {
        long h = ah * 0x9E3779B97F4A7C15L ^ al * 0xC2B2AE3D27D4EB4FL ^ bh * 0x165667B19E3779F9L
                ^ bl * 0x85EBCA77C2B2AE63L ^ ((long) ap << 16 | bp) * 0x27D4EB2F165667C5L ^ t ^ (six ? 1 : 0);
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ h >>> 32) & mask;
    }

    /** The slot of the flow with this key, or -1. */
    int find(boolean six, int t, long ah, long al, int ap, long bh, long bl, int bp) {
        for (int i = buckets[bucket(six, t, ah, al, ap, bh, bl, bp)]; i >= 0; i = next[i]) {
            if (aLo[i] == al && aPort[i] == ap && bPort[i] == bp && bLo[i] == bl && tag[i] == t
                    && aHi[i] == ah && bHi[i] == bh && v6[i] == six) {
                return i;
            }
        }
        return -1;
    }

    /** Takes a free slot for a new flow and indexes it; -1 when the table is full. */
    int insert(byte k, boolean six, int t, long ah, long al, int ap, long bh, long bl, int bp, long now) {
        int i = freeHead;
        if (i < 0) {
            return -1;
        }
        freeHead = next[i];
        kind[i] = k;
        v6[i] = six;
        tag[i] = t;
        aHi[i] = ah;
        aLo[i] = al;
        aPort[i] = ap;
        bHi[i] = bh;
        bLo[i] = bl;
        bPort[i] = bp;
        fd[i] = -1;
        listener[i] = -1;
        guestMac[i] = 0;
        lastUse[i] = now;
        replied[i] = false;
        int b = bucket(six, t, ah, al, ap, bh, bl, bp);
        next[i] = buckets[b];
        buckets[b] = i;
        used++;
        return i;
    }

    /** Unlinks a flow and returns its slot to the free list; its socket is the caller's. */
    void remove(int i) {
        if (!inUse(i)) {
            return;
        }
        int b = bucket(v6[i], tag[i], aHi[i], aLo[i], aPort[i], bHi[i], bLo[i], bPort[i]);
        if (buckets[b] == i) {
            buckets[b] = next[i];
        } else {
            for (int p = buckets[b]; p >= 0; p = next[p]) {
                if (next[p] == i) {
                    next[p] = next[i];
                    break;
                }
            }
        }
        kind[i] = 0;
        fd[i] = -1;
        next[i] = freeHead;
        freeHead = i;
        used--;
    }
}

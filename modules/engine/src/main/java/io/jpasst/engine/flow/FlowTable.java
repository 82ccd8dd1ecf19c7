package io.jpasst.engine.flow;

import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.sys.Entropy;
import java.util.Arrays;

/**
 * A table of flows, each identified by (protocol, guest address and port, remote
 * address and port), addressed by a small integer index that epoll references carry.
 *
 * <p>Flow keys live in parallel primitive arrays; free indices form a singly linked free
 * list; lookups go through an open-addressing hash (linear probing, twice as many buckets as
 * flows) keyed with a per-process random secret, so a guest cannot choose ports that all
 * collide. Removal shifts later entries of the probe chain back instead of leaving tombstones,
 * so chains never grow with churn. A table made with a smaller initial size grows (doubling,
 * up to its capacity) when an insert finds no free index, so memory follows the flows in use;
 * otherwise nothing here allocates after construction.
 *
 * <p>IPv4 addresses are stored as {@code hi = 0, lo = address}: the protocol's users keep the
 * family elsewhere, and the two families never share a key because their protocol tags differ
 * (callers pass e.g. {@code proto | 0x100} for IPv6).
 *
 * <p>One table serves every protocol: each entry is typed ({@link #TCP}, {@link #UDP},
 * {@link #PING}, {@link #SPLICE}), and each type has an {@link Owner} that keeps its per-flow
 * state in arrays beside the table, indexed the same way and grown with it. Flows come and go
 * through {@link #open} (keyed) or {@link #openUnkeyed} (a spliced connection, never looked
 * up) and {@link #close}; with a loop attached, each flow may have one expiry timer
 * ({@link #expireAt}) whose firing goes to its owner.
 */
public final class FlowTable {
    /** Marks an empty bucket and "not found". */
    public static final int NONE = -1;
    /** Flows of every kind together, as upstream holds; memory follows the flows in use. */
    public static final int MAX_FLOWS = 131072;
    /** Entry types. */
    public static final int UNTYPED = 0;
    public static final int TCP = 1;
    public static final int UDP = 2;
    public static final int PING = 3;
    public static final int SPLICE = 4;
    private static final int TYPES = 5;

    /** A protocol's side of the table: its per-flow arrays and what its flows do on expiry. */
    public interface Owner {
        /** The table grew: every flow index is below {@code allocated} now. */
        void grow(int allocated);

        /** The expiry timer of {@code flow} (one of this owner's) fired; owners that arm none need not say. */
        default void expired(int flow, long now) {
        }
    }

    private final Owner[] owners = new Owner[TYPES];
    private final int[] typeCount = new int[TYPES];
    private byte[] type = new byte[0];
    private boolean[] keyed = new boolean[0];
    /** The loop's timer of each flow index, -1 before its first use. */
    private int[] timer = new int[0];
    private EventLoop loop;
    private int timerKind = NONE;

    private final int capacity;
    private int mask;
    private int[] buckets = new int[0];
    private int[] nextFree = new int[0];
    private boolean[] used = new boolean[0];
    private int[] proto = new int[0];
    private long[] guestHi = new long[0];
    private long[] guestLo = new long[0];
    private long[] remoteHi = new long[0];
    private long[] remoteLo = new long[0];
    /** guest port in the high 16 bits, remote port in the low 16. */
    private int[] ports = new int[0];
    private final long k0;
    private final long k1;
    private int freeHead;
    private int count;

    /** A table for {@code capacity} flows, all allocated now, with a random hash secret. */
    public FlowTable(int capacity) {
        this(capacity, capacity);
    }

    /** A table for {@code capacity} flows that starts with room for {@code initial} and grows. */
    public FlowTable(int capacity, int initial) {
        this(capacity, initial, Entropy.nextLong(), Entropy.nextLong());
    }

    /** A table with a given secret: for tests that need reproducible bucket positions. */
    public FlowTable(int capacity, long secret0, long secret1) {
        this(capacity, capacity, secret0, secret1);
    }

    /** A table that grows from {@code initial} and runs its flows' expiry timers on {@code loop}. */
    public FlowTable(int capacity, int initial, EventLoop loop) {
        this(capacity, initial);
        this.loop = loop;
        this.timerKind = loop.timerKind(this::expired);
    }

    public FlowTable(int capacity, int initial, long secret0, long secret1) {
        if (capacity < 1 || capacity > (1 << 24)) {
            throw new IllegalArgumentException("flow table capacity out of range: " + capacity);
        }
        this.capacity = capacity;
        this.k0 = secret0;
        this.k1 = secret1;
        this.freeHead = NONE;
        resize(Math.max(1, Math.min(initial, capacity)));
    }

    /** The most flows this table holds. */
    public int capacity() {
        return capacity;
    }

    /**
     * Indices allocated so far: every flow index is below it, and arrays kept beside the
     * table need this many entries (it only grows).
     */
    public int allocated() {
        return used.length;
    }

    /** Reallocates every array for {@code size} flows and rehashes the flows in use. */
    private void resize(int size) {
        int old = used.length;
        nextFree = Arrays.copyOf(nextFree, size);
        used = Arrays.copyOf(used, size);
        proto = Arrays.copyOf(proto, size);
        guestHi = Arrays.copyOf(guestHi, size);
        guestLo = Arrays.copyOf(guestLo, size);
        remoteHi = Arrays.copyOf(remoteHi, size);
        remoteLo = Arrays.copyOf(remoteLo, size);
        ports = Arrays.copyOf(ports, size);
        type = Arrays.copyOf(type, size);
        keyed = Arrays.copyOf(keyed, size);
        timer = Arrays.copyOf(timer, size);
        Arrays.fill(timer, old, size, NONE);
        // The new indices join the free list in ascending order, ahead of nothing: it was empty.
        for (int i = size - 1; i >= old; i--) {
            nextFree[i] = freeHead;
            freeHead = i;
        }
        int b = Integer.highestOneBit(size * 2 - 1) << 1;
        mask = b - 1;
        buckets = new int[b];
        Arrays.fill(buckets, NONE);
        for (int f = 0; f < old; f++) {
            if (used[f] && keyed[f]) {
                int h = bucketOf(hash(proto[f], guestHi[f], guestLo[f], remoteHi[f], remoteLo[f], ports[f]));
                while (buckets[h] != NONE) {
                    h = (h + 1) & mask;
                }
                buckets[h] = f;
            }
        }
        for (Owner o : owners) {
            if (o != null) {
                o.grow(size);
            }
        }
    }

    /**
     * Makes {@code owner} the keeper of flows of {@code flowType}: told at once and at every
     * growth how many indices there are. Set-up time.
     */
    public void owner(int flowType, Owner owner) {
        owners[flowType] = owner;
        owner.grow(used.length);
    }

    /** The type of a flow in use. */
    public int type(int flow) {
        return type[flow];
    }

    /** Flows of {@code flowType} in use. */
    public int size(int flowType) {
        return typeCount[flowType];
    }

    /** Whether {@code flow} is in use and of {@code flowType}. */
    public boolean is(int flow, int flowType) {
        return inUse(flow) && type[flow] == flowType;
    }

    /**
     * A new flow of {@code flowType} under this key ({@link #insert}); {@link #NONE} when the
     * table is full.
     */
    public int open(int flowType, int protocol, long gHi, long gLo, int gPort, long rHi, long rLo, int rPort) {
        int flow = insert(protocol, gHi, gLo, gPort, rHi, rLo, rPort);
        if (flow != NONE) {
            typed(flow, flowType);
        }
        return flow;
    }

    /** A new flow of {@code flowType} that is never looked up by key; {@link #NONE} when full. */
    public int openUnkeyed(int flowType) {
        int flow = take();
        if (flow != NONE) {
            keyed[flow] = false;
            typed(flow, flowType);
        }
        return flow;
    }

    private void typed(int flow, int flowType) {
        typeCount[type[flow]]--;
        type[flow] = (byte) flowType;
        typeCount[flowType]++;
    }

    /** Ends a flow: its timer is cancelled, its index free; unknown indices are ignored. */
    public void close(int flow) {
        if (!inUse(flow)) {
            return;
        }
        if (timer[flow] != NONE) {
            loop.cancel(timer[flow]);
        }
        remove(flow);
    }

    /**
     * Arms the expiry timer of {@code flow} for {@code deadline} (moving it if armed); a table
     * without a loop (unit tests) has no timers.
     */
    public void expireAt(int flow, long deadline) {
        if (loop == null) {
            return;
        }
        int t = timer[flow];
        if (t == NONE) {
            t = loop.timer(timerKind, flow);
            timer[flow] = t;
        }
        loop.schedule(t, deadline);
    }

    /** Makes the expiry timer of {@code flow} fire by {@code deadline}: armed, or moved earlier. */
    public void expireBy(int flow, long deadline) {
        int t = timer[flow];
        if (loop != null && (t == NONE || !loop.armed(t) || deadline - loop.deadline(t) < 0)) {
            expireAt(flow, deadline);
        }
    }

    private void expired(int flow, long now) {
        if (inUse(flow)) {
            Owner o = owners[type[flow]];
            if (o != null) {
                o.expired(flow, now);
            }
        }
    }

    public int size() {
        return count;
    }

    public boolean inUse(int flow) {
        return flow >= 0 && flow < used.length && used[flow];
    }

    /** The key of a flow in use, field by field (what {@link #insert} was given). */
    public int protocol(int flow) {
        return proto[flow];
    }

    public long guestHi(int flow) {
        return guestHi[flow];
    }

    public long guestLo(int flow) {
        return guestLo[flow];
    }

    public int guestPort(int flow) {
        return ports[flow] >>> 16;
    }

    public long remoteHi(int flow) {
        return remoteHi[flow];
    }

    public long remoteLo(int flow) {
        return remoteLo[flow];
    }

    public int remotePort(int flow) {
        return ports[flow] & 0xffff;
    }

    /**
     * Takes a free index and hashes it under the given key. Returns {@link #NONE} when the
     * table is full. The caller must have checked with {@link #lookup} that the key is new.
     * May grow the table: see {@link #allocated()}.
     */
    public int insert(int protocol, long gHi, long gLo, int gPort, long rHi, long rLo, int rPort) {
        int flow = take();
        if (flow == NONE) {
            return NONE;
        }
        keyed[flow] = true;
        proto[flow] = protocol;
        guestHi[flow] = gHi;
        guestLo[flow] = gLo;
        remoteHi[flow] = rHi;
        remoteLo[flow] = rLo;
        ports[flow] = (gPort & 0xffff) << 16 | (rPort & 0xffff);
        int b = bucketOf(hash(protocol, gHi, gLo, rHi, rLo, ports[flow]));
        while (buckets[b] != NONE) {
            b = (b + 1) & mask;
        }
        buckets[b] = flow;
        return flow;
    }

    /** A free index, marked used (growing the table if it must), or {@link #NONE}. */
    private int take() {
        if (freeHead == NONE && used.length < capacity) {
            resize((int) Math.min(capacity, 2L * used.length));
        }
        int flow = freeHead;
        if (flow == NONE) {
            return NONE;
        }
        freeHead = nextFree[flow];
        used[flow] = true;
        type[flow] = UNTYPED;
        count++;
        typeCount[UNTYPED]++;
        return flow;
    }

    /** The index of the flow with this key, or {@link #NONE}. */
    public int lookup(int protocol, long gHi, long gLo, int gPort, long rHi, long rLo, int rPort) {
        int p = (gPort & 0xffff) << 16 | (rPort & 0xffff);
        int b = bucketOf(hash(protocol, gHi, gLo, rHi, rLo, p));
        while (true) {
            int f = buckets[b];
            if (f == NONE) {
                return NONE;
            }
            if (ports[f] == p && guestLo[f] == gLo && remoteLo[f] == rLo && proto[f] == protocol
                    && guestHi[f] == gHi && remoteHi[f] == rHi) {
                return f;
            }
            b = (b + 1) & mask;
        }
    }

    /** Unhashes a flow and returns its index to the free list; unknown indices are ignored. */
    public void remove(int flow) {
        if (!inUse(flow)) {
            return;
        }
        if (keyed[flow]) {
            int b = bucketOf(hash(proto[flow], guestHi[flow], guestLo[flow], remoteHi[flow], remoteLo[flow], ports[flow]));
            while (buckets[b] != flow) {
                b = (b + 1) & mask;
            }
            shiftBack(b);
        }
        typeCount[type[flow]]--;
        used[flow] = false;
        nextFree[flow] = freeHead;
        freeHead = flow;
        count--;
    }

    /**
     * Backward-shift deletion: empties {@code hole}, then moves every later entry of the run
     * whose home bucket is not between the hole and its position into the hole.
     */
    private void shiftBack(int hole) {
        int h = hole;
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            int f = buckets[j];
            if (f == NONE) {
                break;
            }
            int home = bucketOf(hash(proto[f], guestHi[f], guestLo[f], remoteHi[f], remoteLo[f], ports[f]));
            // f may move to h only if its home is not cyclically in (h, j].
            boolean homeInRange = h <= j ? (home > h && home <= j) : (home > h || home <= j);
            if (!homeInRange) {
                buckets[h] = f;
                h = j;
            }
        }
        buckets[h] = NONE;
    }

    /** Probe distance of a flow from its home bucket: for tests of chain behaviour. */
    int probeDistance(int flow) {
        int home = bucketOf(hash(proto[flow], guestHi[flow], guestLo[flow], remoteHi[flow], remoteLo[flow], ports[flow]));
        int b = home;
        int d = 0;
        while (buckets[b] != flow) {
            b = (b + 1) & mask;
            d++;
        }
        return d;
    }

    int bucketCount() {
        return mask + 1;
    }

    private int bucketOf(long h) {
        return (int) h & mask;
    }

    /** Keyed mix of the whole key: a few multiply-xorshift rounds seeded by the secret. */
    long hash(int protocol, long gHi, long gLo, long rHi, long rLo, int p) {
        long h = k0 ^ ((long) protocol << 32 | (p & 0xffff_ffffL));
        h = round(h, gHi ^ k1);
        h = round(h, gLo);
        h = round(h, rHi);
        h = round(h, rLo ^ k1);
        return fmix(h ^ k0);
    }

    private static long round(long h, long v) {
        long x = (h ^ v) * 0x9e37_79b9_7f4a_7c15L;
        return Long.rotateLeft(x, 31) ^ (x >>> 29);
    }

    private static long fmix(long h) {
        long x = h;
        x ^= x >>> 33;
        x *= 0xff51_afd7_ed55_8ccdL;
        x ^= x >>> 33;
        x *= 0xc4ce_b9fe_1a85_ec53L;
        x ^= x >>> 33;
        return x;
    }
}

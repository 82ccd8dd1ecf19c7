package io.jpasst.engine.tap.vhost;

import static io.jpasst.engine.tap.vhost.LittleEndian.U16;
import static io.jpasst.engine.tap.vhost.LittleEndian.U32;
import static io.jpasst.engine.tap.vhost.LittleEndian.U64;

import io.jpasst.sys.EventFd;
import io.jpasst.sys.Fd;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * One split virtqueue (virtio 1.x, 2.7): the descriptor table, the available ring the guest
 * fills and the used ring we fill, all in guest memory, plus our private indexes.
 *
 * <p>Everything read from guest memory is untrusted and may change under our feet: indexes
 * are reduced modulo the ring size or checked against it before use, a chain is followed at
 * most {@link #size()} steps (a loop cannot hold us), and descriptor addresses are checked by
 * the caller against the regions ({@link GuestMemory}). Only values copied into our own
 * fields are used twice.
 *
 * <p>Ordering: the guest writes ring entries before the index that publishes them, so we
 * read {@code avail.idx}, then an acquire fence, then the entries; we write used entries,
 * then a release fence, then {@code used.idx}; and a full fence sits between publishing
 * {@code used.idx} and reading {@code avail.flags}, so that we never miss a guest that just
 * asked for interrupts (the pairing the spec describes in 2.7.10 and 2.7.14).
 */
public final class Virtqueue {
    public static final int MAX_SIZE = 32768;
    static final int F_NEXT = 1;
    static final int F_WRITE = 2;
    static final int F_INDIRECT = 4;
    private static final int AVAIL_F_NO_INTERRUPT = 1;
    static final int DESC_SIZE = 16;


    private int size;
    private MemorySegment desc;
    private MemorySegment avail;
    private MemorySegment used;
    private int lastAvail;
    private int usedIdx;
    private long descUser;
    private long availUser;
    private long usedUser;
    private boolean addressed;
    private boolean enabled;
    private boolean broken;
    int kickFd = -1;
    int callFd = -1;
    int errFd = -1;

    // the chain cursor
    private int next;
    private int steps;
    private boolean more;
    /** The current descriptor, copied out of guest memory once. */
    long addr;
    int len;
    int flags;

    public int size() {
        return size;
    }

    /** SET_VRING_NUM: a power of two up to 32768, else false. */
    boolean setSize(int n) {
        if (n <= 0 || n > MAX_SIZE || (n & (n - 1)) != 0) {
            return false;
        }
        size = n;
        addressed = false;
        return true;
    }

    /** SET_VRING_ADDR: the front-end's addresses, translated now and after each memory table. */
    void setAddresses(long descAddr, long availAddr, long usedAddr) {
        descUser = descAddr;
        availUser = availAddr;
        usedUser = usedAddr;
        addressed = false;
    }

    /**
     * Finds the three rings in {@code mem}: false if the size or an address is unset, or a
     * ring is misaligned or not wholly inside one region.
     */
    boolean map(GuestMemory mem) {
        addressed = false;
        if (size == 0 || (descUser & 15) != 0 || (availUser & 1) != 0 || (usedUser & 3) != 0) {
            return false;
        }
        MemorySegment d = slice(mem, descUser, (long) DESC_SIZE * size);
        MemorySegment a = slice(mem, availUser, 6 + 2L * size);
        MemorySegment u = slice(mem, usedUser, 6 + 8L * size);
        if (d == null || a == null || u == null) {
            return false;
        }
        desc = d;
        avail = a;
        used = u;
        addressed = true;
        broken = false;
        return true;
    }

    private static MemorySegment slice(GuestMemory mem, long addr, long len) {
        int r = mem.findUser(addr, len);
        return r < 0 ? null : mem.segment(r).asSlice(mem.offset(), len);
    }

    /**
     * Test, fuzz and benchmark set-up: rings given directly (already inside the guest's
     * memory), enabled, both indexes at {@code base}.
     */
    public void attach(int n, MemorySegment descTable, MemorySegment availRing, MemorySegment usedRing, int base) {
        if (!setSize(n)) {
            throw new IllegalArgumentException("bad size " + n);
        }
        desc = descTable.asSlice(0, (long) DESC_SIZE * n);
        avail = availRing.asSlice(0, 6 + 2L * n);
        used = usedRing.asSlice(0, 6 + 8L * n);
        addressed = true;
        enabled = true;
        broken = false;
        setBase(base);
    }

    /** SET_VRING_BASE: where the guest's ring stands (0 at first start). */
    void setBase(int base) {
        lastAvail = base & 0xffff;
        usedIdx = base & 0xffff;
    }

    /** GET_VRING_BASE: the next available entry we would take. */
    int base() {
        return lastAvail;
    }

    void enable(boolean on) {
        enabled = on;
    }

    /** Whether we may use the ring: addressed, enabled, not given up on. */
    public boolean ready() {
        return addressed && enabled && !broken;
    }

    public boolean broken() {
        return broken;
    }

    /** Stops using the ring after the guest broke its rules (an index past the ring). */
    void markBroken() {
        broken = true;
    }

    /** Stops the ring (GET_VRING_BASE, reset): kick and error descriptors are the caller's to close. */
    void stop() {
        addressed = false;
        enabled = false;
    }

    /** Forgets everything, closing the descriptors we hold. */
    void reset() {
        stop();
        size = 0;
        desc = avail = used = null;
        lastAvail = usedIdx = 0;
        descUser = availUser = usedUser = 0;
        broken = false;
        kickFd = closeFd(kickFd);
        callFd = closeFd(callFd);
        errFd = closeFd(errFd);
    }

    static int closeFd(int fd) {
        if (fd >= 0) {
            Fd.close(fd);
        }
        return -1;
    }

    /**
     * Entries the guest has made available and we have not taken: 0..size, or -1 when its
     * index is further ahead than the ring holds (the ring is then marked broken).
     */
    public int available() {
        int idx = Short.toUnsignedInt(avail.get(U16, 2));
        VarHandle.acquireFence();
        int n = (idx - lastAvail) & 0xffff;
        if (n > size) {
            broken = true;
            return -1;
        }
        return n;
    }

    /** Takes the next available entry: the head descriptor index, or -1 if out of range (taken all the same). */
    public int take() {
        int head = Short.toUnsignedInt(avail.get(U16, 4 + 2L * (lastAvail & (size - 1))));
        lastAvail = (lastAvail + 1) & 0xffff;
        return head < size ? head : -1;
    }

    /** Gives back the last {@code n} entries taken (a frame that did not fit). */
    void untake(int n) {
        lastAvail = (lastAvail - n) & 0xffff;
    }

    /** Starts following the chain at {@code head} (already checked by {@link #take}). */
    public void begin(int head) {
        next = head;
        steps = 0;
        more = true;
    }

    /**
     * Reads the chain's next descriptor into {@link #addr}, {@link #len}, {@link #flags}.
     *
     * @return 1 when there is one, 0 at the end of the chain, -1 when the chain is bad: a
     *         next index outside the table, longer than the table (a loop), or indirect
     *         (not negotiated)
     */
    public int step() {
        if (!more) {
            return 0;
        }
        if (++steps > size) {
            return -1;
        }
        long at = (long) next * DESC_SIZE;
        addr = desc.get(U64, at);
        len = desc.get(U32, at + 8);
        flags = Short.toUnsignedInt(desc.get(U16, at + 12));
        int n = Short.toUnsignedInt(desc.get(U16, at + 14));
        if ((flags & F_INDIRECT) != 0) {
            return -1;
        }
        if ((flags & F_NEXT) != 0) {
            if (n >= size) {
                return -1;
            }
            next = n;
        } else {
            more = false;
        }
        return 1;
    }

    /** Writes one used entry (not yet visible: see {@link #publish}). */
    public void addUsed(int head, int written) {
        long at = 4 + 8L * (usedIdx & (size - 1));
        used.set(U32, at, head);
        used.set(U32, at + 4, written);
        usedIdx = (usedIdx + 1) & 0xffff;
    }

    /** Our next used index (the guest may overwrite the ring's copy: its memory is its own). */
    public int usedIndex() {
        return usedIdx;
    }

    /** Gives back the last {@code n} used entries, not published yet. */
    void unuse(int n) {
        usedIdx = (usedIdx - n) & 0xffff;
    }

    /** Makes the used entries written so far visible to the guest. */
    public void publish() {
        VarHandle.releaseFence();
        used.set(U16, 2, (short) usedIdx);
    }

    /** After {@link #publish}: whether the guest wants an interrupt now. */
    public boolean wantsInterrupt() {
        VarHandle.fullFence();
        return (avail.get(U16, 0) & AVAIL_F_NO_INTERRUPT) == 0;
    }

    /** Interrupts the guest through the call eventfd, if it gave us one. */
    public void interrupt() {
        if (callFd >= 0) {
            EventFd.signal(callFd);
        }
    }
}

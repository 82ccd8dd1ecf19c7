package io.jpasst.engine.tap.vhost;

import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import io.jpasst.engine.packet.PacketPool;
import io.jpasst.engine.tap.TapBackend;
import io.jpasst.sys.Errno;
import io.jpasst.sys.EventFd;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The vhost-user data path: frames from the guest's transmit queue into the engine's pool,
 * and frames to the guest into the buffers of its receive queue, each behind a
 * {@code virtio_net_hdr_mrg_rxbuf} (12 bytes; a frame may span several receive buffers when
 * VIRTIO_NET_F_MRG_RXBUF is negotiated, their number in {@code num_buffers}).
 *
 * <p>Guest memory is shared with a possibly hostile guest: a transmitted frame is copied out
 * (the one copy this path makes) before anything parses it, so it cannot change while the
 * engine looks at it. A chain that is bad in any way (an address or length outside the
 * guest's regions, the wrong direction, a loop, an index past the ring) is dropped and
 * counted as {@link DropReason#BAD_DESCRIPTOR}. Nothing here allocates per frame.
 */
public final class VhostUserTap implements TapBackend {
    static final int MIN_FRAME = 14;
    static final int MAX_FRAME = 65535;
    /** virtio_net_hdr_mrg_rxbuf: the header with VERSION_1 or MRG_RXBUF. */
    static final int HDR_LEN = 12;
    /** virtio_net_hdr without num_buffers (legacy front-ends without either feature). */
    static final int LEGACY_HDR_LEN = 10;
    private static final int NUM_BUFFERS_OFF = 10;
    private static final MemorySegment ZERO_HDR = Arena.global().allocate(HDR_LEN);

    final GuestMemory memory = new GuestMemory();
    final Virtqueue rx = new Virtqueue();
    final Virtqueue tx = new Virtqueue();
    private DropCounters drops;
    private int hdrLen = HDR_LEN;
    private boolean mergeable;
    private boolean rxPending;
    // where num_buffers of the frame being written lives (it may straddle two descriptors)
    private int nbRegion0;
    private long nbOff0;
    private int nbRegion1;
    private long nbOff1;

    public VhostUserTap(DropCounters drops) {
        this.drops = drops;
    }

    /** Counts into {@code counters} from now on (the service's, made after this back end). */
    public void counting(DropCounters counters) {
        this.drops = counters;
    }

    /** What SET_FEATURES negotiated: header size, mergeable receive buffers. */
    public void features(int headerLength, boolean mergeableBuffers) {
        this.hdrLen = headerLength;
        this.mergeable = mergeableBuffers;
    }

    public GuestMemory memory() {
        return memory;
    }

    public Virtqueue rxQueue() {
        return rx;
    }

    public Virtqueue txQueue() {
        return tx;
    }

    /** The transmit queue's kick eventfd: readable when the guest queued frames. */
    @Override
    public int fd() {
        return tx.kickFd;
    }

    @Override
    public long receive(PacketPool pool, long from) {
        if (!tx.ready()) {
            return from;
        }
        if (tx.kickFd >= 0) {
            EventFd.drain(tx.kickFd);
        }
        MemorySegment buf = pool.buffer();
        long at = from;
        int returned = 0;
        boolean noRoom = false;
        while (!pool.full()) {
            int n = tx.available();
            if (n <= 0) {
                if (n < 0) {
                    drops.count(DropReason.BAD_DESCRIPTOR);
                }
                break;
            }
            if (buf.byteSize() - at < MAX_FRAME) {
                noRoom = true;
                break;
            }
            int head = tx.take();
            if (head < 0) {
                drops.count(DropReason.BAD_DESCRIPTOR);
                continue;
            }
            int len = copyOut(head, buf, at);
            tx.addUsed(head, 0);
            returned++;
            if (len == -1) {
                drops.count(DropReason.BAD_DESCRIPTOR);
            } else if (len < 0) {
                drops.count(DropReason.BAD_FRAME_LENGTH);
            } else {
                pool.add(at, len);
                at += len;
            }
        }
        if (returned > 0) {
            tx.publish();
            if (tx.wantsInterrupt()) {
                tx.interrupt();
            }
        }
        if (noRoom && tx.kickFd >= 0) {
            // The buffer is full before the pool: come back once it was consumed, as the
            // guest does not kick again for entries it already queued.
            EventFd.signal(tx.kickFd);
        }
        return at;
    }

    /** Copies the frame of one transmit chain to {@code buf[at]}: its length, -1 bad chain, -2 bad length. */
    private int copyOut(int head, MemorySegment buf, long at) {
        tx.begin(head);
        long pos = 0;
        long dst = at;
        int r;
        while ((r = tx.step()) == 1) {
            if ((tx.flags & Virtqueue.F_WRITE) != 0) {
                return -1;
            }
            long dlen = Integer.toUnsignedLong(tx.len);
            int region = memory.findGuest(tx.addr, dlen);
            if (region < 0) {
                return -1;
            }
            long skip = Math.min(dlen, Math.max(0, hdrLen - pos));
            long copy = dlen - skip;
            if (dst - at + copy > MAX_FRAME) {
                return -2;
            }
            if (copy > 0) {
                MemorySegment.copy(memory.segment(region), memory.offset() + skip, buf, dst, copy);
            }
            dst += copy;
            pos += dlen;
        }
        if (r < 0) {
            return -1;
        }
        return dst - at < MIN_FRAME ? -2 : (int) (dst - at);
    }

    @Override
    public int send(MemorySegment seg, long off, int len) {
        if (!rx.ready()) {
            return -Errno.ENOTCONN;
        }
        if (len < MIN_FRAME || len > MAX_FRAME) {
            return -Errno.EINVAL;
        }
        long total = hdrLen + (long) len;
        long done = 0;
        int chains = 0;
        nbRegion0 = nbRegion1 = -1;
        while (done < total) {
            int n = rx.available();
            if (n <= 0 || (chains > 0 && !mergeable)) {
                rx.untake(chains);
                rx.unuse(chains);
                drops.count(n < 0 ? DropReason.BAD_DESCRIPTOR : DropReason.GUEST_QUEUE_FULL);
                return n < 0 ? -Errno.EIO : -Errno.EAGAIN;
            }
            int head = rx.take();
            chains++;
            long wrote = head < 0 ? -1 : fill(head, seg, off, len, done);
            if (wrote < 0) {
                // The guest offered a buffer we cannot use: its ring cannot be trusted now.
                rx.untake(chains);
                rx.unuse(chains - 1);
                rx.markBroken();
                drops.count(DropReason.BAD_DESCRIPTOR);
                return -Errno.EIO;
            }
            rx.addUsed(head, (int) wrote);
            done += wrote;
        }
        if (hdrLen == HDR_LEN && nbRegion0 >= 0 && nbRegion1 >= 0) {
            memory.segment(nbRegion0).set(ValueLayout.JAVA_BYTE, nbOff0, (byte) chains);
            memory.segment(nbRegion1).set(ValueLayout.JAVA_BYTE, nbOff1, (byte) (chains >>> 8));
        }
        rx.publish();
        rxPending = true;
        return len;
    }

    /**
     * Writes the header and frame bytes from position {@code done} of the whole (header
     * included) into one receive chain: bytes written, or -1 for a bad chain.
     */
    private long fill(int head, MemorySegment seg, long off, int len, long done) {
        long total = hdrLen + (long) len;
        long start = done;
        rx.begin(head);
        int r;
        while (done < total && (r = rx.step()) != 0) {
            if (r < 0 || (rx.flags & Virtqueue.F_WRITE) == 0) {
                return -1;
            }
            long dlen = Integer.toUnsignedLong(rx.len);
            int region = memory.findGuest(rx.addr, dlen);
            if (region < 0) {
                return -1;
            }
            MemorySegment mem = memory.segment(region);
            long base = memory.offset();
            long room = Math.min(dlen, total - done);
            long used = 0;
            if (done < hdrLen) {
                long h = Math.min(room, hdrLen - done);
                MemorySegment.copy(ZERO_HDR, done, mem, base, h);
                noteNumBuffers(region, base, done, h);
                used = h;
            }
            long data = room - used;
            if (data > 0) {
                MemorySegment.copy(seg, off + (done + used - hdrLen), mem, base + used, data);
            }
            done += room;
        }
        return done - start;
    }

    /** Remembers where bytes 10 and 11 of the header went, when in {@code [pos, pos+n)}. */
    private void noteNumBuffers(int region, long base, long pos, long n) {
        if (pos <= NUM_BUFFERS_OFF && NUM_BUFFERS_OFF < pos + n) {
            nbRegion0 = region;
            nbOff0 = base + NUM_BUFFERS_OFF - pos;
        }
        if (pos <= NUM_BUFFERS_OFF + 1 && NUM_BUFFERS_OFF + 1 < pos + n) {
            nbRegion1 = region;
            nbOff1 = base + NUM_BUFFERS_OFF + 1 - pos;
        }
    }

    /** Once per loop round: interrupts the guest if frames reached it and it asked for that. */
    public void flush() {
        if (rxPending && rx.ready()) {
            rxPending = false;
            if (rx.wantsInterrupt()) {
                rx.interrupt();
            }
        }
    }
}

package io.jpasst.engine.tap;

import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import io.jpasst.engine.packet.PacketPool;
import io.jpasst.sys.Epoll;
import io.jpasst.sys.Errno;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import java.lang.foreign.MemorySegment;

/**
 * passt's guest side: the qemu "stream" netdev, one connected UNIX stream socket carrying
 * Ethernet frames, each behind a 4-byte big-endian length.
 *
 * <p>A stream has no frame boundaries: one read may end in the middle of a length or of a
 * frame. Complete frames are read straight into the pool's buffer and described there; the
 * bytes of an incomplete one stay after them, and at the next {@link #receive} (once the
 * pool was consumed) they move to the start of the buffer and the read continues behind
 * them. So between two calls the bytes past the offset {@code receive} returned belong to
 * this class: callers must not write there.
 *
 * <p>A length outside 14..65535 means the peer is broken or hostile, and nothing after it
 * can be trusted to be a frame boundary: that client is dropped, never the process.
 *
 * <p>Frames to qemu are queued ({@link StreamOutput}) and written by {@link #flush} once per
 * event-loop round, or earlier when a lot is queued.
 */
public final class PasstStream implements TapBackend, GuestSocket {
    /** Smallest and largest frame the stream may carry: an Ethernet header, 64 KiB. */
    public static final int MIN_FRAME = 14;
    public static final int MAX_FRAME = 65535;
    private static final int MAX_WIRE = StreamOutput.PREFIX + MAX_FRAME;
    private static final long OUT_CAPACITY = 4L << 20;
    /** Queued bytes above which send() writes at once instead of waiting for the round's end. */
    private static final long EARLY_FLUSH = 1L << 20;

    private final StreamOutput out = new StreamOutput(OUT_CAPACITY);
    private EventLoop loop;
    private DropCounters drops;
    private Runnable onClientGone;
    private Runnable onClientAttached = () -> { };
    private int fd = -1;
    private boolean watchingOut;
    private long keptOff;
    private long keptLen;
    private long sendDrops;

    /** Wires the stream to the loop; {@code onClientGone} runs (on the loop) after a client closed. */
    public void start(EventLoop loop, DropCounters drops, Runnable onClientGone) {
        this.loop = loop;
        this.drops = drops;
        this.onClientGone = onClientGone;
        loop.afterRound(now -> flush());
    }

    /** Runs (on the loop) each time a client connection is taken, after it is wired. */
    public void onClientAttached(Runnable hook) {
        this.onClientAttached = hook;
    }

    @Override
    public boolean connected() {
        return fd >= 0;
    }

    /** Frames dropped because the output queue was full. */
    public long sendDrops() {
        return sendDrops;
    }

    /** Takes a connected socket as the guest's; it must be the only one. */
    @Override
    public int attach(int clientFd) {
        if (fd >= 0) {
            throw new IllegalStateException("a client is already connected");
        }
        int rc = loop.add(clientFd, Epoll.IN, EpollRef.of(EventType.TAP_PASST, clientFd, 0));
        if (rc < 0) {
            return rc;
        }
        fd = clientFd;
        keptLen = 0;
        watchingOut = false;
        out.clear();
        onClientAttached.run();
        return 0;
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public long receive(PacketPool pool, long from) {
        if (fd < 0) {
            return from;
        }
        MemorySegment buf = pool.buffer();
        if (keptLen > 0 && keptOff != from) {
            MemorySegment.copy(buf, keptOff, buf, from, keptLen);
        }
        long start = from;
        long end = from + keptLen;
        while (true) {
            while (end - start >= StreamOutput.PREFIX && !pool.full()) {
                int len = Be.u32(buf, start);
                if (len < MIN_FRAME || len > MAX_FRAME) {
                    drops.count(DropReason.BAD_FRAME_LENGTH);
                    Log.warn("Bad frame length " + Integer.toUnsignedString(len)
                            + " from the guest, closing its connection");
                    close();
                    return start;
                }
                if (end - start - StreamOutput.PREFIX < len) {
                    break;
                }
                pool.add(start + StreamOutput.PREFIX, len);
                start += StreamOutput.PREFIX + len;
            }
            // Read on only while a frame of any size still fits behind what we hold; else let
            // the caller consume the pool, and the next call moves the rest to the front.
            long room = buf.byteSize() - end;
            if (pool.full() || room < MAX_WIRE) {
                break;
            }
            long n = Sock.recv(fd, buf, end, room, Sock.MSG_DONTWAIT);
            if (n == -Errno.EINTR) {
                continue;
            }
            if (n == -Errno.EAGAIN) {
                break;
            }
            if (n <= 0) {
                if (n < 0) {
                    Log.warn("Guest connection: " + Errno.message((int) -n));
                }
                close();
                return start;
            }
            end += n;
        }
        keptOff = start;
        keptLen = end - start;
        return end;
    }

    @Override
    public int send(MemorySegment seg, long off, int len) {
        if (fd < 0) {
            return -Errno.ENOTCONN;
        }
        if (len < MIN_FRAME || len > MAX_FRAME) {
            return -Errno.EINVAL;
        }
        if (!out.append(seg, off, len)) {
            flush();
            if (fd < 0 || !out.append(seg, off, len)) {
                sendDrops++;
                drops.count(DropReason.GUEST_QUEUE_FULL);
                return -Errno.EAGAIN;
            }
        }
        if (out.pending() >= EARLY_FLUSH) {
            flush();
        }
        return len;
    }

    /** Writes what is queued; waits for EPOLLOUT if qemu is not reading fast enough. */
    public void flush() {
        if (fd < 0 || out.pending() == 0) {
            return;
        }
        int rc = out.flush(fd);
        if (rc < 0) {
            Log.warn("Guest connection: " + Errno.message(-rc));
            close();
            return;
        }
        boolean wantOut = rc > 0;
        if (wantOut != watchingOut) {
            watchingOut = wantOut;
            loop.modify(fd, wantOut ? Epoll.IN | Epoll.OUT : Epoll.IN,
                    EpollRef.of(EventType.TAP_PASST, fd, 0));
        }
    }

    /** Drops the client: closes its socket, forgets its partial frames, tells the owner. */
    public void close() {
        if (fd < 0) {
            return;
        }
        loop.remove(fd);
        Fd.close(fd);
        fd = -1;
        keptLen = 0;
        out.clear();
        onClientGone.run();
    }
}

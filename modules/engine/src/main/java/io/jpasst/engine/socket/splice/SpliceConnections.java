package io.jpasst.engine.socket.splice;

import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.flow.SocketAddresses;
import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.DeferredCloses;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.engine.control.ns.NamespaceThread;
import io.jpasst.sys.Epoll;
import io.jpasst.sys.Errno;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * pasta's loopback bypass for TCP: a connection accepted from a loopback peer on one side is
 * joined to a new socket connected to the other side (the host's loopback; in the namespace,
 * the {@link Target}: the guest's address over its {@code lo}), and bytes move
 * socket → pipe → socket with splice(2), never entering this process's memory nor the tap.
 *
 * <p>Connections are the {@link FlowTable#SPLICE} entries of the one flow table (unkeyed: the
 * epoll reference names them), their state in primitive arrays beside it, grown with it.
 * Connection {@code c} has two sockets: side 0
 * (the accepted one) and side 1 (the one we connected). Direction {@code d} carries what is
 * read from side {@code d} to side {@code 1-d}, through its own pipe. The epoll reference of a
 * socket is {@code (TCP_SPLICE, fd, c << 1 | side)}.
 * Pipes are kept in a pool of spares between connections (those left with data are closed).
 *
 * <p>Flow control is the kernel's: when the writing socket is full, we stop reading from the
 * other (its receive window then closes towards the peer) and wait for EPOLLOUT. A FIN read
 * on one side becomes {@code shutdown(SHUT_WR)} on the other once the pipe is drained; an
 * error or reset on either resets both. Pipes stay with their slot for reuse.
 */
public final class SpliceConnections implements FlowTable.Owner {
    private static final int SPLICE_FLAGS = Fd.SPLICE_F_MOVE | Fd.SPLICE_F_NONBLOCK;
    private static final int READ_MASK = Epoll.IN | Epoll.RDHUP;
    /** Pre-opened pipes: the first connections find their pipes ready. */
    private static final int PREALLOCATED = 16;
    /** Spare pipes kept open at most: more would only hold descriptors. */
    private static final int MAX_SPARES = 64;
    /** Upper bound of read/write rounds per event, so one busy connection cannot starve others. */
    private static final int MAX_ROUNDS = 16;

    // per-direction state bits
    private static final int EOF = 1;
    private static final int FIN_SENT = 2;
    private static final int BLOCKED = 4;
    /** Mask value of a socket taken out of the epoll set. */
    private static final int REMOVED = -1;

    /*
     * Why a refused connect into the namespace is retried for a while after start-up: the -t
     * listeners are bound before the namespace exists and before the command is started (a
     * caller such as podman -p, or a benchmark, connects as soon as we launch), so a client can
     * be accepted before the command it wants (pasta -t 5201 -- iperf3 -s) listens. Resetting
     * it would fail a connection that is only early. While the bypass is young, a refused
     * connect is tried again every RETRY_NS with a fresh socket, up to YOUNG_NS after start;
     * the client just sees a slow handshake. Afterwards a refusal resets at once, as in C.
     */
    private static final long YOUNG_NS = 3_000_000_000L;
    private static final long RETRY_NS = 25_000_000L;

    private final EventLoop loop;
    private final SocketPool nsPool;
    private final Target nsTarget;
    private final MemorySegment addr = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE, 8);
    /** Sockets of connections closed in this round: a slot and a descriptor are not reused at once. */
    private final DeferredCloses closing;

    private final FlowTable table;
    /** Connections the arrays have room for: the flow table's allocated indices. */
    private int capacity;
    private int[] sock;      // 2c + side
    private int[] mask;      // 2c + side: events currently registered
    private int[] pipeRd;    // 2c + direction
    private int[] pipeWr;
    private int[] pipeCap;
    private int[] pending;   // bytes in the pipe of a direction
    private int[] state;     // EOF | FIN_SENT | BLOCKED per direction
    private boolean[] connecting;
    /** Per connection: target port, | 1 << 16 for IPv6, | 1 << 17 into the namespace. */
    private int[] target;
    /** Per connection: waiting for the retry timer to connect again (side 1 is closed). */
    private boolean[] retrying;
    private final long youngUntil = System.nanoTime() + YOUNG_NS;
    /** The loop's one-shot timer that connects waiting connections again. */
    private final int retryTimer;
    private int retriesPending;
    /** Open pipes between connections: read end, write end, capacity. */
    private final int[] spareRd = new int[MAX_SPARES];
    private final int[] spareWr = new int[MAX_SPARES];
    private final int[] spareCap = new int[MAX_SPARES];
    private int spares;
    private int active;
    private long opened;

    /** Where connections into the namespace go (the guest's address, or its loopback). */
    public interface Target {
        /** Writes the sockaddr of {@code port} at {@code sa[off]}; its length, 0 if there is none. */
        int write(MemorySegment sa, long off, boolean ipv6, int port);
    }

    /**
     * @param ns the namespace thread, for sockets connected inside the namespace; null when
     *           only namespace → host connections are spliced
     * @param nsTarget where connections into the namespace go
     */
    public SpliceConnections(EventLoop loop, NamespaceThread ns, Target nsTarget, FlowTable table) {
        this.loop = loop;
        this.nsTarget = nsTarget;
        this.table = table;
        this.nsPool = ns == null ? null : new SocketPool(ns);
        this.closing = new DeferredCloses(loop);
        table.owner(FlowTable.SPLICE, this);
        for (int i = 0; i < PREALLOCATED && Pipes.open(spareRd, spareWr, spareCap, i) == 0; i++) {
            spares++;
        }
        if (nsPool != null) {
            nsPool.prime();
        }
        loop.handle(EventType.TCP_SPLICE, this::onEvent);
        this.retryTimer = loop.timer(loop.timerKind((arg, now) -> retry(now)), 0);
    }

    @Override
    public void grow(int newCapacity) {
        sock = grown(sock, 2 * newCapacity, -1);
        mask = grown(mask, 2 * newCapacity, 0);
        pipeRd = grown(pipeRd, 2 * newCapacity, -1);
        pipeWr = grown(pipeWr, 2 * newCapacity, -1);
        pipeCap = grown(pipeCap, 2 * newCapacity, 0);
        pending = grown(pending, 2 * newCapacity, 0);
        state = grown(state, 2 * newCapacity, 0);
        connecting = connecting == null ? new boolean[newCapacity] : Arrays.copyOf(connecting, newCapacity);
        retrying = retrying == null ? new boolean[newCapacity] : Arrays.copyOf(retrying, newCapacity);
        target = grown(target, newCapacity, 0);
        capacity = newCapacity;
    }

    private static int[] grown(int[] a, int size, int fill) {
        int from = a == null ? 0 : a.length;
        int[] b = a == null ? new int[size] : Arrays.copyOf(a, size);
        Arrays.fill(b, from, size, fill);
        return b;
    }

    /** Connections open now. */
    public int active() {
        return active;
    }

    /** Connections spliced since start. */
    public long opened() {
        return opened;
    }

    /**
     * Joins {@code accepted} (a connection from a loopback peer) to {@code port} on the other
     * side: the {@link Target} inside the namespace if {@code intoNamespace}, else the host's
     * loopback. Takes ownership of {@code accepted}: on failure it is closed, and the peer sees
     * a reset.
     */
    public void splice(int accepted, boolean ipv6, int port, boolean intoNamespace) {
        int fd = connectTarget(ipv6, port, intoNamespace);
        boolean early = fd == -Errno.ECONNREFUSED && mayRetry(intoNamespace, System.nanoTime());
        if (fd < 0 && !early) {
            Log.debug("splice: cannot reach port " + port + (intoNamespace ? " in the namespace: " : " on the host: ")
                    + Errno.message(-fd));
            Fd.close(accepted);
            return;
        }
        Sock.setsockoptInt(accepted, Sock.IPPROTO_TCP, Sock.TCP_NODELAY, 1);
        int c = table.openUnkeyed(FlowTable.SPLICE);
        if (c == FlowTable.NONE) {
            Log.debug("splice: flow table full");
            abort(accepted, fd);
            return;
        }
        for (int d = 0; d < 2; d++) {
            int i = 2 * c + d;
            if (takePipe(i) < 0) {
                releasePipe(2 * c);
                table.close(c);
                abort(accepted, fd);
                return;
            }
            pending[i] = 0;
            state[i] = 0;
            mask[i] = 0;
        }
        sock[2 * c] = accepted;
        sock[2 * c + 1] = early ? -1 : fd;
        target[c] = port | (ipv6 ? 1 << 16 : 0) | (intoNamespace ? 1 << 17 : 0);
        connecting[c] = true;
        active++;
        opened++;
        // Nothing is read from the accepted side until the other end is connected.
        if (register(c, 0, Epoll.RDHUP) < 0) {
            close(c, true);
        } else if (early) {
            scheduleRetry(c);
        } else if (register(c, 1, Epoll.OUT) < 0) {
            close(c, true);
        }
    }

    /** A socket connecting (or connected) to the target port on the chosen side, or -errno. */
    private int connectTarget(boolean ipv6, int port, boolean intoNamespace) {
        int fd = intoNamespace ? (nsPool == null ? -Errno.EINVAL : nsPool.take(ipv6))
                : Sock.socket(ipv6 ? Sock.AF_INET6 : Sock.AF_INET, Sock.SOCK_STREAM | Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            return fd;
        }
        Sock.setsockoptInt(fd, Sock.IPPROTO_TCP, Sock.TCP_NODELAY, 1);
        int len = intoNamespace ? nsTarget.write(addr, 0, ipv6, port)
                : SocketAddresses.writeLoopback(addr, 0, ipv6, port);
        int rc = len == 0 ? -Errno.EADDRNOTAVAIL : Sock.connect(fd, addr, 0, len);
        if (rc < 0 && rc != -Errno.EINPROGRESS) {
            Fd.close(fd);
            return rc;
        }
        return fd;
    }

    private boolean mayRetry(boolean intoNamespace, long now) {
        return intoNamespace && now - youngUntil < 0;
    }

    /** Side 1 of {@code c} was refused early: connect again when the retry timer fires. */
    private void scheduleRetry(int c) {
        retrying[c] = true;
        if (retriesPending++ == 0) {
            loop.schedule(retryTimer, loop.now() + RETRY_NS);
        }
    }

    /** The retry timer fired: connect every waiting connection again. */
    private void retry(long now) {
        for (int c = 0; c < capacity && retriesPending > 0; c++) {
            if (!retrying[c]) {
                continue;
            }
            boolean ipv6 = (target[c] & 1 << 16) != 0;
            int fd = connectTarget(ipv6, target[c] & 0xffff, true);
            if (fd == -Errno.ECONNREFUSED && mayRetry(true, now)) {
                continue;
            }
            retrying[c] = false;
            retriesPending--;
            if (fd < 0) {
                close(c, true);
                continue;
            }
            sock[2 * c + 1] = fd;
            if (register(c, 1, Epoll.OUT) < 0) {
                close(c, true);
            }
        }
        if (retriesPending > 0) {
            loop.schedule(retryTimer, now + RETRY_NS);
        }
    }

    /** A pipe for direction {@code i}: a spare, or a new one; 0 or -errno. */
    private int takePipe(int i) {
        if (spares == 0) {
            return Pipes.open(pipeRd, pipeWr, pipeCap, i);
        }
        spares--;
        pipeRd[i] = spareRd[spares];
        pipeWr[i] = spareWr[spares];
        pipeCap[i] = spareCap[spares];
        return 0;
    }

    /** Gives the pipe of direction {@code i} back: to the spares if it is empty, else closed. */
    private void releasePipe(int i) {
        if (pipeRd[i] < 0) {
            return;
        }
        if (pending[i] == 0 && spares < MAX_SPARES) {
            spareRd[spares] = pipeRd[i];
            spareWr[spares] = pipeWr[i];
            spareCap[spares] = pipeCap[i];
            spares++;
            pipeRd[i] = -1;
            pipeWr[i] = -1;
        } else {
            Pipes.close(pipeRd, pipeWr, i);
        }
        pending[i] = 0;
    }

    private static void abort(int accepted, int target) {
        Fd.close(target);
        Fd.close(accepted);
    }

    private int register(int c, int side, int events) {
        int i = 2 * c + side;
        mask[i] = events;
        return loop.add(sock[i], events, EpollRef.of(EventType.TCP_SPLICE, sock[i], 2 * c + side));
    }

    private void onEvent(long ref, int events, long now) {
        int index = EpollRef.index(ref);
        int c = index >>> 1;
        int side = index & 1;
        if (c >= capacity || !table.is(c, FlowTable.SPLICE) || sock[index] != EpollRef.fd(ref)) {
            return; // closed earlier in this round
        }
        if (connecting[c]) {
            connected(c, side, events, now);
            return;
        }
        if ((events & Epoll.ERR) != 0) {
            close(c, true);
            return;
        }
        if ((events & Epoll.OUT) != 0) {
            state[2 * c + (1 - side)] &= ~BLOCKED;
            if (!move(c, 1 - side)) {
                return;
            }
        }
        if ((events & (Epoll.IN | Epoll.RDHUP | Epoll.HUP)) != 0) {
            if (!move(c, side)) {
                return;
            }
        }
        if ((events & Epoll.HUP) != 0 && mask[index] != REMOVED) {
            if ((state[index] & EOF) != 0 && (state[index ^ 1] & FIN_SENT) != 0) {
                // Done with both of its directions; the other socket may still be draining
                // our pipe. EPOLLHUP cannot be masked, so stop watching this one.
                loop.remove(sock[index]);
                mask[index] = REMOVED;
            } else if ((state[index] & EOF) != 0) {
                // Read to the end, yet it can take nothing more: reset under our feet.
                close(c, true);
                return;
            }
        }
        updateMasks(c);
    }

    private void connected(int c, int side, int events, long now) {
        if (side == 0) {
            if ((events & (Epoll.ERR | Epoll.HUP)) != 0) {
                close(c, true); // the client gave up before we reached the other side
            } else if (mask[2 * c] != 0) {
                // Half-closed already (a short request): read it once connected. RDHUP is
                // level-triggered, so stop watching until then.
                mask[2 * c] = 0;
                loop.modify(sock[2 * c], 0, EpollRef.of(EventType.TCP_SPLICE, sock[2 * c], 2 * c));
            }
            return;
        }
        int err = Sock.getsockoptInt(sock[2 * c + 1], Sock.SOL_SOCKET, Sock.SO_ERROR);
        if (err == Errno.ECONNREFUSED && mayRetry((target[c] & 1 << 17) != 0, now)) {
            loop.remove(sock[2 * c + 1]);
            Fd.close(sock[2 * c + 1]);
            sock[2 * c + 1] = -1;
            mask[2 * c + 1] = 0;
            scheduleRetry(c);
            return;
        }
        if ((events & (Epoll.ERR | Epoll.HUP)) != 0 || err != 0) {
            close(c, true);
            return;
        }
        connecting[c] = false;
        if (move(c, 0) && move(c, 1)) {
            updateMasks(c);
        }
    }

    /**
     * Moves what can be moved in direction {@code d}; returns false if the connection was
     * closed on the way.
     */
    private boolean move(int c, int d) {
        int i = 2 * c + d;
        int from = sock[2 * c + d];
        int to = sock[2 * c + 1 - d];
        for (int round = 0; round < MAX_ROUNDS; round++) {
            long read = 0;
            int room = pipeCap[i] - pending[i];
            if ((state[i] & EOF) == 0 && room > 0) {
                read = Fd.splice(from, pipeWr[i], room, SPLICE_FLAGS);
                if (read > 0) {
                    pending[i] += (int) read;
                } else if (read == 0) {
                    state[i] |= EOF;
                } else if (read != -Errno.EAGAIN) {
                    close(c, true);
                    return false;
                }
            }
            if (pending[i] > 0) {
                // More is coming when this read filled most of the pipe: let the kernel
                // coalesce instead of pushing a segment per splice.
                int more = read > pipeCap[i] / 2 ? Fd.SPLICE_F_MORE : 0;
                long written = Fd.splice(pipeRd[i], to, pending[i], SPLICE_FLAGS | more);
                if (written > 0) {
                    pending[i] -= (int) written;
                } else if (written != -Errno.EAGAIN) {
                    close(c, true);
                    return false;
                }
                if (pending[i] > 0) {
                    state[i] |= BLOCKED; // the writer is full: wait for EPOLLOUT
                    break;
                }
            }
            if (read <= 0) {
                break;
            }
        }
        if ((state[i] & (EOF | FIN_SENT)) == EOF && pending[i] == 0) {
            Sock.shutdown(to, Sock.SHUT_WR);
            state[i] |= FIN_SENT;
            if ((state[i ^ 1] & FIN_SENT) != 0) {
                close(c, false);
                return false;
            }
        }
        return true;
    }

    private void updateMasks(int c) {
        for (int side = 0; side < 2; side++) {
            int i = 2 * c + side;
            int readDir = state[i];
            int writeDir = state[i ^ 1];
            int want = ((readDir & (EOF | BLOCKED)) == 0 ? READ_MASK : 0)
                    | ((writeDir & BLOCKED) != 0 ? Epoll.OUT : 0);
            if (want != mask[i] && mask[i] != REMOVED) {
                mask[i] = want;
                loop.modify(sock[i], want, EpollRef.of(EventType.TCP_SPLICE, sock[i], i));
            }
        }
    }

    /**
     * Closes both sockets; pipes with data left in them are replaced, others reused. With
     * {@code reset} (a failure: an error, a reset, a refusal on one side) the peers see a reset,
     * as they would have from each other, not an orderly end that hides the failure.
     */
    private void close(int c, boolean reset) {
        for (int k = 2 * c; k < 2 * c + 2; k++) {
            if (sock[k] >= 0) {
                closing.close(sock[k], reset);
                sock[k] = -1;
            }
            releasePipe(k);
            state[k] = 0;
            mask[k] = 0;
        }
        connecting[c] = false;
        if (retrying[c]) {
            retrying[c] = false;
            retriesPending--;
        }
        table.close(c);
        active--;
    }

    /** Closes every connection, pipe and pooled socket. */
    public void shutdown() {
        for (int c = 0; c < capacity; c++) {
            if (sock[2 * c] >= 0) {
                close(c, false);
            }
            Pipes.close(pipeRd, pipeWr, 2 * c);
            Pipes.close(pipeRd, pipeWr, 2 * c + 1);
        }
        while (spares > 0) {
            spares--;
            Pipes.close(spareRd, spareWr, spares);
        }
        if (nsPool != null) {
            nsPool.close();
        }
        loop.cancel(retryTimer);
    }
}

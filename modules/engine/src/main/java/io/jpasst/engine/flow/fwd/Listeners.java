package io.jpasst.engine.flow.fwd;

import io.jpasst.engine.control.conf.ForwardSpec;
import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.control.ns.NamespaceThread;
import io.jpasst.sys.Epoll;
import io.jpasst.sys.Errno;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The bound sockets of one side, protocol and event type: opens what a {@link ListenerPlan}
 * asks for (on the namespace thread for {@link Side#NAMESPACE}: a socket belongs to the
 * namespace it is created in), registers each with the loop, and for {@code auto} follows a
 * changing set of ports.
 *
 * <p>Protocol-generic: {@code SOCK_STREAM} sockets listen, {@code SOCK_DGRAM} ones are only
 * bound. The epoll reference carries port, slot and side in its index (see {@link #port},
 * {@link #side}), so an event needs no lookup to know its forwarding rule. Set-up and the
 * once-a-second rescan only: nothing here runs per packet.
 */
public final class Listeners {
    private static final int PORTS = 65536;
    private static final int BACKLOG = 128;
    /**
     * A wanted port that could not be bound is tried again at this update only (30 s at
     * {@link AutoForward}'s period), unless it leaves the other side's set and comes back.
     */
    static final int RETRY_FAILED_EVERY = 30;

    private final EventLoop loop;
    private final NamespaceThread ns;
    private final Side side;
    private final int sockType;
    private final int eventType;
    private final boolean ip4;
    private final boolean ip6;
    /** fd per port, for slot 0 (IPv4 or dual-stack) and slot 1 (IPv6-only); -1 when closed. */
    private final int[][] fds = {new int[PORTS], new int[PORTS]};
    private final BitSet bound = new BitSet(PORTS);
    /**
     * Wanted ports {@link #update} could not bind (say the host's sshd holds 22, or 80 needs
     * privileges we lack): not retried on every scan, where each attempt would allocate and,
     * on the namespace side, cross to the namespace thread, forever.
     */
    private final BitSet failed = new BitSet(PORTS);
    private int updates;
    /** {@code --freebind}: bind addresses not (yet) configured on this side. */
    private boolean freebind;
    /** Set-up time scratch for socket addresses and option values; used by one thread at a time. */
    private final MemorySegment scratch = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE + 64, 8);

    /**
     * @param ns        the namespace thread; required for {@link Side#NAMESPACE}
     * @param sockType  {@code Sock.SOCK_STREAM} or {@code Sock.SOCK_DGRAM}
     * @param eventType the {@code EventType} the sockets are registered with
     */
    public Listeners(EventLoop loop, NamespaceThread ns, Side side, int sockType, int eventType, boolean ip4, boolean ip6) {
        if (side == Side.NAMESPACE && ns == null) {
            throw new IllegalArgumentException("namespace-side listeners need the namespace thread");
        }
        this.loop = loop;
        this.ns = ns;
        this.side = side;
        this.sockType = sockType;
        this.eventType = eventType;
        this.ip4 = ip4;
        this.ip6 = ip6;
        Arrays.fill(fds[0], -1);
        Arrays.fill(fds[1], -1);
    }

    /** Port of a listening socket's epoll reference. */
    public static int port(long ref) {
        return EpollRef.index(ref) & 0xffff;
    }

    /** Side of a listening socket's epoll reference. */
    public static Side side(long ref) {
        return sideOfIndex(EpollRef.index(ref));
    }

    /** Side of a listening socket's reference index (what {@link #fd(int)} takes). */
    public static Side sideOfIndex(int index) {
        return (index >>> 17 & 1) == 0 ? Side.HOST : Side.NAMESPACE;
    }

    public Side side() {
        return side;
    }

    /**
     * Opens the sockets of an explicit spec ({@code none} and {@code auto} open nothing here).
     *
     * @return the number of sockets bound
     * @throws IllegalStateException when a port cannot be bound and the spec is not best-effort,
     *         or when a best-effort spec could bind nothing at all
     */
    public int bind(ForwardSpec spec) {
        List<Endpoint> plan = ListenerPlan.of(spec, side, ip4, ip6);
        if (plan.isEmpty()) {
            return 0;
        }
        int[] failures = new int[1];
        String[] firstError = new String[1];
        onSide(() -> {
            for (Endpoint e : plan) {
                int rc = open(e);
                if (rc < 0) {
                    if (failures[0]++ == 0) {
                        firstError[0] = "Failed to bind " + e + ": " + Errno.message(-rc);
                    }
                }
            }
        });
        int ok = plan.size() - failures[0];
        if (failures[0] > 0 && (!spec.bestEffort() || ok == 0)) {
            throw new IllegalStateException(firstError[0]);
        }
        if (failures[0] > 0) {
            Log.debug(failures[0] + " of " + plan.size() + " ports not bound; first: " + firstError[0]);
        }
        return ok;
    }

    /**
     * Follows {@code wanted} ({@code auto}): binds the ports that are new, closes those that
     * went away. A port that cannot be bound is tried again when it reappears in
     * {@code wanted} after leaving it, or every {@link #RETRY_FAILED_EVERY} updates. Allocates
     * nothing when nothing changed: it runs on the loop thread once a second.
     */
    public void update(BitSet wanted) {
        for (int p = bound.nextSetBit(0); p >= 0; p = bound.nextSetBit(p + 1)) {
            if (!wanted.get(p)) {
                closePort(p);
            }
        }
        if (++updates % RETRY_FAILED_EVERY == 0) {
            failed.clear();
        } else {
            failed.and(wanted); // a port that went away is tried afresh if it comes back
        }
        int first = firstMissing(wanted, 0);
        if (first < 0) {
            return;
        }
        onSide(() -> {
            for (int p = first; p >= 0; p = firstMissing(wanted, p + 1)) {
                for (Endpoint e : ListenerPlan.forPort(p, side, ip4, ip6)) {
                    int rc = open(e);
                    if (rc < 0 && Log.debugging()) {
                        Log.debug("auto: cannot bind " + e + ": " + Errno.message(-rc));
                    }
                }
                if (!bound.get(p)) {
                    failed.set(p);
                }
            }
        });
    }

    /**
     * The first port from {@code from} on that {@code wanted} has and we have neither bound
     * nor failed to bind, or -1.
     */
    private int firstMissing(BitSet wanted, int from) {
        for (int p = wanted.nextSetBit(from); p >= 0; p = wanted.nextSetBit(p + 1)) {
            if (!bound.get(p) && !failed.get(p)) {
                return p;
            }
        }
        return -1;
    }

    /**
     * Follows a changed explicit spec (pesto): closes the ports it no longer forwards, opens
     * those it adds. A port that cannot be bound is logged, not fatal: the table was accepted.
     */
    public void rebind(ForwardSpec spec) {
        java.util.BitSet keep = spec.mode() == io.jpasst.engine.control.conf.ForwardMode.AUTO ? bound() : spec.forwardedPorts();
        for (int p = bound.nextSetBit(0); p >= 0; p = bound.nextSetBit(p + 1)) {
            if (!keep.get(p)) {
                closePort(p);
            }
        }
        failed.clear();
        if (spec.mode() != io.jpasst.engine.control.conf.ForwardMode.EXPLICIT && spec.mode() != io.jpasst.engine.control.conf.ForwardMode.ALL) {
            return;
        }
        try {
            bind(spec);
        } catch (IllegalStateException e) {
            Log.warn(e.getMessage());
        }
    }

    /** Clears our bound ports from {@code ports}, without copying anything. */
    public void removeBoundFrom(BitSet ports) {
        ports.andNot(bound);
    }

    /**
     * The socket of the epoll reference index {@code index} (port, slot and side, as
     * {@link #port} and {@link #side} read them) if it is still open, else -1: a flow that
     * replies through a listener must not write to a descriptor number reused since.
     */
    public int fd(int index) {
        int port = index & 0xffff;
        int slot = index >>> 16 & 1;
        return fds[slot][port];
    }

    /** A copy of the ports with at least one open socket. */
    /**
     * With {@code on} ({@code --freebind}), sockets bind to addresses this side does not have
     * (yet), and start serving once the address is configured. Call before binding.
     */
    public Listeners freebind(boolean on) {
        this.freebind = on;
        return this;
    }

    public BitSet bound() {
        return (BitSet) bound.clone();
    }

    public boolean isBound(int port) {
        return bound.get(port);
    }

    /** Closes every socket. */
    public void close() {
        for (int p = bound.nextSetBit(0); p >= 0; p = bound.nextSetBit(p + 1)) {
            closePort(p);
        }
    }

    private void closePort(int port) {
        for (int[] slot : fds) {
            if (slot[port] >= 0) {
                loop.remove(slot[port]);
                Fd.close(slot[port]);
                slot[port] = -1;
            }
        }
        bound.clear(port);
    }

    private void onSide(Runnable task) {
        if (side == Side.NAMESPACE) {
            ns.call(() -> {
                task.run();
                return null;
            });
        } else {
            task.run();
        }
    }

    /** Opens, binds, listens and registers one socket; 0 or -errno. */
    private int open(Endpoint e) {
        if (fds[e.slot()][e.port()] >= 0) {
            return 0;
        }
        int fd = Sock.socket(e.ipv6() ? Sock.AF_INET6 : Sock.AF_INET,
                sockType | Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            return fd;
        }
        int rc = configureAndBind(fd, e);
        if (rc == 0 && sockType == Sock.SOCK_STREAM) {
            rc = Sock.listen(fd, BACKLOG);
        }
        if (rc == 0) {
            int index = e.port() | e.slot() << 16 | (side == Side.NAMESPACE ? 1 << 17 : 0);
            rc = loop.add(fd, Epoll.IN, EpollRef.of(eventType, fd, index));
        }
        if (rc < 0) {
            Fd.close(fd);
            return rc;
        }
        fds[e.slot()][e.port()] = fd;
        bound.set(e.port());
        return 0;
    }

    private int configureAndBind(int fd, Endpoint e) {
        Sock.setsockoptInt(fd, Sock.SOL_SOCKET, Sock.SO_REUSEADDR, 1);
        if (e.ipv6()) {
            int rc = Sock.setsockoptInt(fd, Sock.IPPROTO_IPV6, Sock.IPV6_V6ONLY, e.v6only() ? 1 : 0);
            if (rc < 0) {
                return rc;
            }
        }
        if (freebind) {
            int rc = Sock.setsockoptInt(fd, e.ipv6() ? Sock.IPPROTO_IPV6 : Sock.IPPROTO_IP,
                    e.ipv6() ? Sock.IPV6_FREEBIND : Sock.IP_FREEBIND, 1);
            if (rc < 0) {
                return rc;
            }
        }
        if (e.iface() != null) {
            byte[] name = e.iface().getBytes(StandardCharsets.UTF_8);
            long off = SockAddr.STORAGE_SIZE;
            scratch.asSlice(off, 64).fill((byte) 0);
            MemorySegment.copy(name, 0, scratch, ValueLayout.JAVA_BYTE, off, Math.min(name.length, 63));
            int rc = Sock.setsockopt(fd, Sock.SOL_SOCKET, Sock.SO_BINDTODEVICE, scratch, off, name.length + 1);
            if (rc < 0) {
                return rc;
            }
        }
        int len;
        if (e.ipv6()) {
            scratch.asSlice(SockAddr.STORAGE_SIZE, 16).fill((byte) 0);
            if (e.address() != null) {
                MemorySegment.copy(e.address(), 0, scratch, ValueLayout.JAVA_BYTE, SockAddr.STORAGE_SIZE, 16);
            }
            len = SockAddr.writeIn6(scratch, 0, scratch, SockAddr.STORAGE_SIZE, e.port(), 0);
        } else {
            int a = e.address() == null ? 0 : java.nio.ByteBuffer.wrap(e.address()).getInt();
            len = SockAddr.writeIn4(scratch, 0, a, e.port());
        }
        return Sock.bind(fd, scratch, 0, len);
    }
}

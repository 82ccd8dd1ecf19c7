package io.jpasst.engine.flow.fwd;

import io.jpasst.engine.flow.rules.Rule;
import io.jpasst.engine.flow.rules.RuleTable;
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
 * The bound sockets of one side, protocol and event type, following that side's rule table:
 * opens what the rules ask for (on the namespace thread for {@link Side#NAMESPACE}: a socket
 * belongs to the namespace it is created in), registers each with the loop, and for rules
 * that follow a scan ({@code auto}) the ports found bound on the other side.
 *
 * <p>Protocol-generic: {@code SOCK_STREAM} sockets listen, {@code SOCK_DGRAM} ones are only
 * bound. The epoll reference carries port, slot and side in its index (see {@link #port},
 * {@link #side}); the rule a socket serves is kept per port and slot ({@link #rule}), so an
 * event finds its rule, target port and address by two array reads. Set-up, the
 * once-a-second rescan and pesto changes only: nothing here runs per packet.
 */
public final class Listeners {
    private static final int PORTS = 65536;
    private static final int BACKLOG = 128;
    private static final int EADDRINUSE = 98;
    /**
     * A wanted port that could not be bound is tried again at this update only (30 s at
     * {@link AutoForward}'s period), unless it leaves the other side's set and comes back.
     */
    static final int RETRY_FAILED_EVERY = 30;

    private final EventLoop loop;
    private final NamespaceThread ns;
    private final Side side;
    private final int sockType;
    private final int proto;
    private final int eventType;
    private final boolean ip4;
    private final boolean ip6;
    /** The rules this side follows; shared with the control socket, read on the loop thread. */
    private final RuleTable table;
    /** fd per port, for slot 0 (IPv4 or dual-stack) and slot 1 (IPv6-only); -1 when closed. */
    private final int[][] fds = {new int[PORTS], new int[PORTS]};
    /** Index + 1 of the rule each socket serves, 0 for none. */
    private final short[][] ruleOf = {new short[PORTS], new short[PORTS]};
    /** The table's rules when sockets were last matched to them: what {@link #ruleOf} names. */
    private final Rule[] matched = new Rule[RuleTable.MAX_RULES];
    private final BitSet bound = new BitSet(PORTS);
    /** Ports of this protocol's rules that follow a scan. */
    private final BitSet scanPorts = new BitSet(PORTS);
    /** Ports bound because a scan found them bound on the other side. */
    private final BitSet scanBound = new BitSet(PORTS);
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
     * @param sockType  {@code Sock.SOCK_STREAM} (the table's TCP rules) or {@code Sock.SOCK_DGRAM} (UDP's)
     * @param eventType the {@code EventType} the sockets are registered with
     * @param table     this side's rules: {@code -t/-u} for the host, {@code -T/-U} for the namespace
     */
    public Listeners(EventLoop loop, NamespaceThread ns, Side side, int sockType, int eventType, boolean ip4, boolean ip6,
                     RuleTable table) {
        if (side == Side.NAMESPACE && ns == null) {
            throw new IllegalArgumentException("namespace-side listeners need the namespace thread");
        }
        this.loop = loop;
        this.ns = ns;
        this.side = side;
        this.sockType = sockType;
        this.proto = sockType == Sock.SOCK_STREAM ? Rule.TCP : Rule.UDP;
        this.eventType = eventType;
        this.ip4 = ip4;
        this.ip6 = ip6;
        this.table = table;
        Arrays.fill(fds[0], -1);
        Arrays.fill(fds[1], -1);
        snapshot();
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

    public RuleTable table() {
        return table;
    }

    /**
     * The index in {@link #table} of the rule the socket of reference index {@code index}
     * serves, or -1 (closed since).
     */
    public int rule(int index) {
        return ruleOf[index >>> 16 & 1][index & 0xffff] - 1;
    }

    /** Where the socket of reference index {@code index} forwards its port (the port itself without a rule). */
    public int targetPort(int index) {
        int r = rule(index);
        int port = index & 0xffff;
        return r < 0 ? port : table.targetPort(r, port);
    }

    /**
     * Opens the sockets of the rules bound from the start (those following a scan open as
     * their ports turn up).
     *
     * @return the number of sockets bound
     * @throws IllegalStateException when a port of a rule that is not best effort cannot be
     *         bound, or when best-effort rules could bind nothing at all
     */
    public int bind() {
        List<Rule> rules = snapshot();
        List<Endpoint> plan = ListenerPlan.of(rules, proto, ip4, ip6);
        if (plan.isEmpty()) {
            return 0;
        }
        int[] failures = new int[2];
        int[] weak = new int[1];
        String[] firstError = new String[1];
        onSide(() -> {
            for (Endpoint e : plan) {
                boolean best = (rules.get(e.rule()).flags() & Rule.WEAK) != 0;
                weak[0] += best ? 1 : 0;
                int rc = open(e);
                if (rc < 0) {
                    failures[best ? 1 : 0]++;
                    if (firstError[0] == null || !best && failures[0] == 1) {
                        firstError[0] = "Failed to bind " + e + ": " + Errno.message(-rc);
                    }
                }
            }
        });
        int ok = plan.size() - failures[0] - failures[1];
        if (failures[0] > 0 || (weak[0] > 0 && failures[1] == weak[0])) {
            throw new IllegalStateException(firstError[0]);
        }
        if (failures[1] > 0) {
            Log.debug(failures[1] + " of " + weak[0] + " best-effort ports not bound; first: " + firstError[0]);
        }
        return ok;
    }

    /** Whether some rule follows a scan of the other side. */
    public boolean scanning() {
        return !scanPorts.isEmpty();
    }

    /**
     * Follows {@code wanted}, the ports bound on the other side ({@code auto}; cut here to the
     * ports of rules that follow a scan): binds the ports that are new, closes those that
     * went away. A port that cannot be bound is tried again when it reappears in
     * {@code wanted} after leaving it, or every {@link #RETRY_FAILED_EVERY} updates. Allocates
     * nothing when nothing changed: it runs on the loop thread once a second.
     */
    public void update(BitSet wanted) {
        wanted.and(scanPorts);
        for (int p = scanBound.nextSetBit(0); p >= 0; p = scanBound.nextSetBit(p + 1)) {
            if (!wanted.get(p)) {
                closeScanned(p);
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
                boolean any = false;
                for (int i = 0; i < table.size(); i++) {
                    Rule r = table.get(i);
                    if (r.proto() == proto && (r.flags() & Rule.SCAN) != 0 && p >= r.first() && p <= r.last()) {
                        for (Endpoint e : ListenerPlan.forPort(r, i, p, ip4, ip6)) {
                            int rc = open(e);
                            any |= rc == 0;
                            if (rc < 0 && Log.debugging()) {
                                Log.debug("auto: cannot bind " + e + ": " + Errno.message(-rc));
                            }
                        }
                    }
                }
                if (any) {
                    scanBound.set(p);
                } else {
                    failed.set(p);
                }
            }
        });
    }

    /**
     * The first port from {@code from} on that {@code wanted} has and we have neither bound
     * through a scan nor failed to bind, or -1.
     */
    private int firstMissing(BitSet wanted, int from) {
        for (int p = wanted.nextSetBit(from); p >= 0; p = wanted.nextSetBit(p + 1)) {
            if (!scanBound.get(p) && !failed.get(p)) {
                return p;
            }
        }
        return -1;
    }

    /**
     * Follows a changed table (pesto): a socket whose listening address, interface and port
     * still belong to a rule stays open and serves that rule (its target may have changed);
     * the others close; ports the new rules add are opened. A port that cannot be bound is
     * logged, not fatal: the table was accepted.
     */
    public void rebind() {
        for (int p = bound.nextSetBit(0); p >= 0; p = bound.nextSetBit(p + 1)) {
            for (int s = 0; s < 2; s++) {
                if (fds[s][p] >= 0) {
                    int now = successor(matched[ruleOf[s][p] - 1], p);
                    if (now < 0) {
                        closeSlot(s, p);
                    } else {
                        ruleOf[s][p] = (short) (now + 1);
                    }
                }
            }
        }
        failed.clear();
        try {
            bind();
        } catch (IllegalStateException e) {
            Log.warn(e.getMessage());
        }
    }

    /** The index of the rule of the current table that listens as {@code old} did on {@code port}, or -1. */
    private int successor(Rule old, int port) {
        for (int i = 0; i < table.size(); i++) {
            Rule r = table.get(i);
            if (r.proto() == old.proto() && port >= r.first() && port <= r.last() && r.dualStackAny() == old.dualStackAny()
                    && (r.flags() & Rule.SCAN) == (old.flags() & Rule.SCAN) && r.ifname().equals(old.ifname())
                    && Arrays.equals(r.addr(), old.addr())) {
                return i;
            }
        }
        return -1;
    }

    /** Copies the table's rules into {@link #matched} and notes which ports follow a scan. */
    private List<Rule> snapshot() {
        List<Rule> rules = table.rules();
        Arrays.fill(matched, null);
        scanPorts.clear();
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            matched[i] = r;
            if (r.proto() == proto && (r.flags() & Rule.SCAN) != 0) {
                scanPorts.set(r.first(), r.last() + 1);
            }
        }
        return rules;
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

    /**
     * With {@code on} ({@code --freebind}), sockets bind to addresses this side does not have
     * (yet), and start serving once the address is configured. Call before binding.
     */
    public Listeners freebind(boolean on) {
        this.freebind = on;
        return this;
    }

    /** A copy of the ports with at least one open socket. */
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
        closeSlot(0, port);
        closeSlot(1, port);
    }

    /** Closes the sockets of {@code port} that serve rules following a scan. */
    private void closeScanned(int port) {
        for (int s = 0; s < 2; s++) {
            int r = ruleOf[s][port] - 1;
            if (fds[s][port] >= 0 && (r < 0 || (matched[r].flags() & Rule.SCAN) != 0)) {
                closeSlot(s, port);
            }
        }
        scanBound.clear(port);
    }

    private void closeSlot(int s, int port) {
        if (fds[s][port] >= 0) {
            loop.remove(fds[s][port]);
            Fd.close(fds[s][port]);
            fds[s][port] = -1;
        }
        ruleOf[s][port] = 0;
        if (fds[0][port] < 0 && fds[1][port] < 0) {
            bound.clear(port);
            scanBound.clear(port);
        }
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
            // already open for this rule; another rule's socket holds the slot (two addresses
            // of one family on one port): not supported, reported as the kernel would
            return ruleOf[e.slot()][e.port()] == e.rule() + 1 ? 0 : -EADDRINUSE;
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
        ruleOf[e.slot()][e.port()] = (short) (e.rule() + 1);
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

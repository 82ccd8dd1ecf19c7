package io.jpasst.engine.flow.fwd;

import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.flow.nat.PeerAddress;
import io.jpasst.engine.flow.rules.RuleTable;
import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.engine.control.ns.NamespaceThread;
import io.jpasst.engine.socket.splice.SpliceConnections;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * TCP port forwarding: the {@code -t} and {@code -T} listeners and what happens to the
 * connections they accept. A connection from a loopback peer is spliced to the other side
 * (pasta, unless {@code --no-splice}; into the namespace, see {@link NamespaceTarget}); any
 * other {@code -t} connection, and any whose rule names a target address, goes to the guest
 * through the tap ({@link TapConnections}). {@code -T} listens on loopback only, so all its
 * connections are spliced. Port and address translation come from the listener's rule.
 */
public final class TcpForwarding {
    /** Accepts per event, so a connection flood cannot hold the loop. */
    private static final int ACCEPT_BATCH = 64;

    private AutoForward auto;
    private final Listeners host;
    private final Listeners namespace;
    private final SpliceConnections splice;
    private final TapConnections tap;
    private final MemorySegment peer = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE, 8);
    private final PeerAddress peerAddress = new PeerAddress();

    private TcpForwarding(Listeners host, Listeners namespace, SpliceConnections splice, TapConnections tap) {
        this.host = host;
        this.namespace = namespace;
        this.splice = splice;
        this.tap = tap;
    }

    /**
     * pasta, first step: binds the {@code -t} ports on the host, before anything else is set
     * up. Why so early: callers (podman -p, a client started right after us) connect as soon
     * as we are launched, and a port bound late refuses them; a connection accepted early
     * waits in the backlog until the loop runs. Needs no namespace.
     *
     * @throws IllegalStateException if a port that must be bound cannot be
     */
    public static Listeners bindHostPorts(Config config, EventLoop loop) {
        Listeners host = new Listeners(loop, null, Side.HOST, Sock.SOCK_STREAM, EventType.TCP_LISTEN,
                config.ipVersions().ipv4(), config.ipVersions().ipv6(), config.forwarding().host())
                .freebind(config.features().freebind());
        host.bind();
        return host;
    }

    /**
     * pasta, second step: binds the {@code -T} ports in the namespace, takes the first
     * {@code auto} scan, and starts rescanning every second. Call once the namespace is
     * configured and before readiness is announced, so the caller's ports are bound when it
     * is told we are up. {@code host} comes from {@link #bindHostPorts}.
     *
     * @throws IllegalStateException if a port that must be bound cannot be
     */
    public static TcpForwarding startPasta(Config config, EventLoop loop, NamespaceThread ns, TapConnections tap,
                                           Listeners host, NamespaceTarget nsTarget, FlowTable flows) {
        boolean ip4 = config.ipVersions().ipv4();
        boolean ip6 = config.ipVersions().ipv6();
        boolean splicing = !config.features().noSplice();
        // -T needs the bypass: without it, nothing listens in the namespace
        Listeners namespace = !splicing ? null
                : new Listeners(loop, ns, Side.NAMESPACE, Sock.SOCK_STREAM, EventType.TCP_LISTEN, ip4, ip6,
                        config.forwarding().splice()).freebind(config.features().freebind());
        SpliceConnections splice = splicing ? new SpliceConnections(loop, ns, nsTarget, flows) : null;
        TcpForwarding f = new TcpForwarding(host, namespace, splice, tap);
        f.auto = new AutoForward(ns, true, host, namespace);
        loop.handle(EventType.TCP_LISTEN, f::accept);
        int n = host.bound().cardinality() + (splicing ? namespace.bind() : 0);
        f.auto.rescan(System.nanoTime());
        // always: pesto may add rules that follow a scan; a rescan without any does nothing
        loop.every(AutoForward.PERIOD_NS, f.auto::rescan);
        if (Log.debugging()) { // the rules' texts are built by a bootstrap: not when unused
            Log.debug("TCP forwarding: " + n + " ports; -t " + config.forwarding().tcpIn() + ", -T "
                    + config.forwarding().tcpOut());
        }
        return f;
    }

    /** Spliced connections open now (0 without the loopback bypass). */
    public int spliced() {
        return splice == null ? 0 : splice.active();
    }

    /**
     * passt: binds the {@code -t} ports on the host; every connection goes to the guest
     * through {@code tap} (there is no namespace to splice into).
     */
    public static TcpForwarding startPasst(Config config, EventLoop loop, TapConnections tap) {
        Listeners host = new Listeners(loop, null, Side.HOST, Sock.SOCK_STREAM, EventType.TCP_LISTEN,
                config.ipVersions().ipv4(), config.ipVersions().ipv6(), config.forwarding().host())
                .freebind(config.features().freebind());
        TcpForwarding f = new TcpForwarding(host, null, null, tap);
        loop.handle(EventType.TCP_LISTEN, f::accept);
        host.bind();
        return f;
    }

    /**
     * After the tables changed (pesto): listeners opened and closed to match; {@code auto}
     * follows whatever rules now ask for it at its next rescan.
     */
    public void reconfigure() {
        host.rebind();
        if (namespace != null) {
            namespace.rebind();
        }
    }

    /** The bypass, or null with {@code --no-splice} and in passt. */
    public SpliceConnections splice() {
        return splice;
    }

    public Listeners hostListeners() {
        return host;
    }

    /** The {@code -T} listeners, or null without the bypass. */
    public Listeners namespaceListeners() {
        return namespace;
    }

    private void accept(long ref, int events, long now) {
        int listenFd = EpollRef.fd(ref);
        int index = EpollRef.index(ref);
        Side side = Listeners.side(ref);
        Listeners listeners = side == Side.HOST ? host : namespace;
        int target = listeners.targetPort(index);
        int rule = listeners.rule(index);
        RuleTable table = listeners.table();
        // a target address is somewhere in the guest: through the tap, never spliced
        boolean addressed = rule >= 0 && table.hasTarget(rule);
        long tHi = addressed ? table.targetHi(rule) : 0;
        long tLo = addressed ? table.targetLo(rule) : 0;
        for (int i = 0; i < ACCEPT_BATCH; i++) {
            int fd = Sock.accept4(listenFd, peer, 0, Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC);
            if (fd < 0) {
                return; // EAGAIN: all taken; anything else: the peer gave up already
            }
            int loopback = loopbackFamily(peerAddress, peer);
            if (side == Side.NAMESPACE && splice != null) {
                splice.splice(fd, loopback == 6, target, false);
            } else if (loopback != 0 && splice != null && !addressed) {
                splice.splice(fd, loopback == 6, target, true);
            } else {
                tap.acceptedFromHost(fd, target, tHi, tLo, now);
            }
        }
    }

    /**
     * 4 for a peer on 127.0.0.0/8 (also as an IPv4-mapped IPv6 address, as a dual-stack
     * socket reports it), 6 for ::1, 0 for anything else.
     */
    static int loopbackFamily(MemorySegment sa) {
        return loopbackFamily(new PeerAddress(), sa);
    }

    private static int loopbackFamily(PeerAddress p, MemorySegment sa) {
        return !p.read(sa, 0) || !p.loopbackNet() ? 0 : p.six() ? 6 : 4;
    }
}

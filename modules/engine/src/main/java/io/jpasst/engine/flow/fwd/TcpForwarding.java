package io.jpasst.engine.flow.fwd;

import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.conf.ForwardMode;
import io.jpasst.engine.control.conf.ForwardSpec;
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
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * TCP port forwarding: the {@code -t} and {@code -T} listeners and what happens to the
 * connections they accept. A connection from a loopback peer is spliced to the other side
 * (pasta, unless {@code --no-splice}; into the namespace, see {@link NamespaceTarget}); any
 * other {@code -t} connection goes to the guest through the tap ({@link TapConnections}).
 * {@code -T} listens on loopback only, so all its connections are spliced.
 */
public final class TcpForwarding {
    /** Accepts per event, so a connection flood cannot hold the loop. */
    private static final int ACCEPT_BATCH = 64;
    private static final ValueLayout.OfLong NET_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** Replaced by {@link #reconfigure}, on the loop thread like every reader. */
    private ForwardSpec inbound;
    private ForwardSpec outbound;
    private AutoForward auto;
    private final Listeners host;
    private final Listeners namespace;
    private final SpliceConnections splice;
    private final TapConnections tap;
    private final MemorySegment peer = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE, 8);

    private TcpForwarding(ForwardSpec inbound, ForwardSpec outbound, Listeners host, Listeners namespace,
                          SpliceConnections splice, TapConnections tap) {
        this.inbound = inbound;
        this.outbound = outbound;
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
                config.ipVersions().ipv4(), config.ipVersions().ipv6()).freebind(config.features().freebind());
        host.bind(config.forwarding().tcpIn());
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
        ForwardSpec in = config.forwarding().tcpIn();
        ForwardSpec out = config.forwarding().tcpOut();
        Listeners namespace = new Listeners(loop, ns, Side.NAMESPACE, Sock.SOCK_STREAM, EventType.TCP_LISTEN, ip4, ip6)
                .freebind(config.features().freebind());
        boolean splicing = !config.features().noSplice();
        SpliceConnections splice = splicing ? new SpliceConnections(loop, ns, nsTarget, flows) : null;
        // -T needs the bypass: without it, nothing listens in the namespace
        AutoForward auto = new AutoForward(ns, true, host, in.mode() == ForwardMode.AUTO,
                splicing ? namespace : null, out.mode() == ForwardMode.AUTO);
        TcpForwarding f = new TcpForwarding(in, out, host, splicing ? namespace : null, splice, tap);
        f.auto = auto;
        loop.handle(EventType.TCP_LISTEN, f::accept);
        int n = host.bound().cardinality() + (splicing ? namespace.bind(out) : 0);
        if (auto.active()) {
            auto.rescan(System.nanoTime());
            loop.every(AutoForward.PERIOD_NS, auto::rescan);
        }
        if (Log.debugging()) { // the rules' texts are built by a bootstrap: not when unused
            Log.debug("TCP forwarding: " + n + " ports; -t " + in + ", -T " + out);
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
        ForwardSpec in = config.forwarding().tcpIn();
        Listeners host = new Listeners(loop, null, Side.HOST, Sock.SOCK_STREAM, EventType.TCP_LISTEN,
                config.ipVersions().ipv4(), config.ipVersions().ipv6()).freebind(config.features().freebind());
        TcpForwarding f = new TcpForwarding(in, ForwardSpec.NONE, host, null, null, tap);
        loop.handle(EventType.TCP_LISTEN, f::accept);
        host.bind(in);
        return f;
    }

    /**
     * Installs changed tables (pesto): listeners opened and closed to match, {@code auto}
     * stopped where the new table does not ask for it.
     */
    public void reconfigure(ForwardSpec in, ForwardSpec out) {
        inbound = in;
        outbound = namespace == null ? ForwardSpec.NONE : out;
        AutoForward.reconfigure(auto, host, in, namespace, outbound);
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
        int port = Listeners.port(ref);
        Side side = Listeners.side(ref);
        ForwardSpec spec = side == Side.HOST ? inbound : outbound;
        int target = spec.mode() == ForwardMode.AUTO ? port : spec.targetPort(port);
        if (target < 0) {
            target = port;
        }
        for (int i = 0; i < ACCEPT_BATCH; i++) {
            int fd = Sock.accept4(listenFd, peer, 0, Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC);
            if (fd < 0) {
                return; // EAGAIN: all taken; anything else: the peer gave up already
            }
            int loopback = loopbackFamily(peer);
            if (side == Side.NAMESPACE && splice != null) {
                splice.splice(fd, loopback == 6, target, false);
            } else if (loopback != 0 && splice != null) {
                splice.splice(fd, loopback == 6, target, true);
            } else {
                tap.acceptedFromHost(fd, target, now);
            }
        }
    }

    /**
     * 4 for a peer on 127.0.0.0/8 (also as an IPv4-mapped IPv6 address, as a dual-stack
     * socket reports it), 6 for ::1, 0 for anything else.
     */
    static int loopbackFamily(MemorySegment sa) {
        int family = SockAddr.family(sa, 0);
        if (family == Sock.AF_INET) {
            return SockAddr.in4Addr(sa, 0) >>> 24 == 127 ? 4 : 0;
        }
        if (family != Sock.AF_INET6) {
            return 0;
        }
        long hi = sa.get(NET_LONG, SockAddr.IN6_ADDR_OFFSET);
        long lo = sa.get(NET_LONG, SockAddr.IN6_ADDR_OFFSET + 8);
        if (hi == 0 && lo == 1) {
            return 6;
        }
        return hi == 0 && lo >>> 32 == 0xffffL && (lo >>> 24 & 0xff) == 127 ? 4 : 0;
    }
}

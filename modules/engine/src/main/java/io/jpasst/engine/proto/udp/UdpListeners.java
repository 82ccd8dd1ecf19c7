package io.jpasst.engine.proto.udp;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.ns.NamespaceThread;
import io.jpasst.engine.flow.fwd.AutoForward;
import io.jpasst.engine.flow.fwd.Listeners;
import io.jpasst.engine.flow.fwd.Side;
import io.jpasst.engine.flow.rules.RuleTable;
import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.sys.Sock;

/**
 * UDP's forwarded ports: the bound sockets of {@code -u} (on the host, towards the guest) and
 * {@code -U} (in the namespace, on loopback, towards the host), as {@link Listeners} of
 * datagram sockets following the UDP rules of their tables, and in pasta the
 * {@link AutoForward} that gives rules following a scan the other side's bound ports once a
 * second. A listener is known on the data path by its epoll reference index (port, slot and
 * side), which also tags its bypass flows and leads to its rule.
 */
final class UdpListeners {
    private final Listeners host;
    /** The {@code -U} side, or null without the bypass (passt, {@code --no-splice}). */
    private final Listeners namespace;

    /**
     * Binds the {@code -u} ports and, with the bypass, the {@code -U} ones; with {@code ns}
     * (pasta), starts following the other side for {@code auto}.
     *
     * @param ns     pasta's namespace, null for passt
     * @param bypass whether the loopback bypass is on ({@code -U} needs it)
     * @throws IllegalStateException if a port that must be bound cannot be
     */
    UdpListeners(Config config, EventLoop loop, NamespaceThread ns, boolean bypass) {
        boolean ip4 = config.ipVersions().ipv4();
        boolean ip6 = config.ipVersions().ipv6();
        boolean freebind = config.features().freebind();
        host = new Listeners(loop, ns, Side.HOST, Sock.SOCK_DGRAM, EventType.UDP_LISTEN, ip4, ip6,
                config.forwarding().host()).freebind(freebind);
        namespace = !bypass ? null : new Listeners(loop, ns, Side.NAMESPACE, Sock.SOCK_DGRAM,
                EventType.UDP_LISTEN, ip4, ip6, config.forwarding().splice()).freebind(freebind);
        int n = host.bind() + (namespace == null ? 0 : namespace.bind());
        if (ns != null) {
            AutoForward auto = new AutoForward(ns, false, host, namespace);
            auto.rescan(System.nanoTime());
            loop.every(AutoForward.PERIOD_NS, auto::rescan); // pesto may add rules that scan
        }
        if (Log.debugging()) {
            Log.debug("UDP forwarding: " + n + " bound sockets; -u " + config.forwarding().udpIn() + ", -U "
                    + config.forwarding().udpOut());
        }
    }

    /** After the tables changed (pesto), as {@code TcpForwarding.reconfigure} does for TCP. */
    void reconfigure() {
        host.rebind();
        if (namespace != null) {
            namespace.rebind();
        }
    }

    /** True for a {@code -u} listener (host side), false for {@code -U} (namespace side). */
    static boolean towardsGuest(int index) {
        return Listeners.sideOfIndex(index) == Side.HOST;
    }

    private Listeners of(int index) {
        return towardsGuest(index) ? host : namespace;
    }

    /** The port a listener's datagrams go to on the other side. */
    int targetPort(int index) {
        Listeners l = of(index);
        return l == null ? index & 0xffff : l.targetPort(index);
    }

    /** Whether the listener's rule names a target address (then it is not bypassed). */
    boolean addressed(int index) {
        Listeners l = of(index);
        int r = l == null ? -1 : l.rule(index);
        return r >= 0 && l.table().hasTarget(r);
    }

    /** High half of the listener's target address ({@link #addressed} ones only). */
    long targetHi(int index) {
        Listeners l = of(index);
        return l.table().targetHi(l.rule(index));
    }

    /** Low half of the listener's target address, IPv4 mapped. */
    long targetLo(int index) {
        Listeners l = of(index);
        return l.table().targetLo(l.rule(index));
    }

    /** The listener's socket if it is still bound, else -1. */
    int fd(int index) {
        if (index < 0) {
            return -1;
        }
        Listeners side = of(index);
        return side == null ? -1 : side.fd(index);
    }
}

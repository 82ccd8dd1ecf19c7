package io.jpasst.engine.proto.udp;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.conf.ForwardMode;
import io.jpasst.engine.control.conf.ForwardSpec;
import io.jpasst.engine.flow.fwd.AutoForward;
import io.jpasst.engine.flow.fwd.Listeners;
import io.jpasst.engine.flow.fwd.Side;
import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.engine.control.ns.NamespaceThread;
import io.jpasst.sys.Sock;

/**
 * UDP's forwarded ports: the bound sockets of {@code -u} (on the host, towards the guest) and
 * {@code -U} (in the namespace, on loopback, towards the host), as {@link Listeners} of
 * datagram sockets, and for {@code auto} the {@link AutoForward} that follows the other side's
 * bound ports once a second. A listener is known on the data path by its epoll reference index
 * (port, slot and side), which also tags its bypass flows.
 */
final class UdpListeners {
    /** Replaced by {@link #reconfigure}, on the loop thread like every reader. */
    private ForwardSpec inbound;
    private ForwardSpec outbound;
    private AutoForward auto;
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
        inbound = config.forwarding().udpIn();
        outbound = bypass ? config.forwarding().udpOut() : ForwardSpec.NONE;
        boolean freebind = config.features().freebind();
        host = new Listeners(loop, ns, Side.HOST, Sock.SOCK_DGRAM, EventType.UDP_LISTEN, ip4, ip6).freebind(freebind);
        namespace = !bypass ? null : new Listeners(loop, ns, Side.NAMESPACE, Sock.SOCK_DGRAM,
                EventType.UDP_LISTEN, ip4, ip6).freebind(freebind);
        int n = host.bind(inbound) + (namespace == null ? 0 : namespace.bind(outbound));
        if (ns != null) {
            auto = new AutoForward(ns, false, host, inbound.mode() == ForwardMode.AUTO,
                    namespace, outbound.mode() == ForwardMode.AUTO);
            if (auto.active()) {
                auto.rescan(System.nanoTime());
                loop.every(AutoForward.PERIOD_NS, auto::rescan);
            }
        }
        Log.debug("UDP forwarding: " + n + " bound sockets; -u " + inbound + ", -U " + outbound);
    }

    /** Installs changed tables (pesto), as {@code TcpForwarding.reconfigure} does for TCP. */
    void reconfigure(ForwardSpec in, ForwardSpec out) {
        inbound = in;
        outbound = namespace == null ? ForwardSpec.NONE : out;
        AutoForward.reconfigure(auto, host, in, namespace, outbound);
    }

    /** True for a {@code -u} listener (host side), false for {@code -U} (namespace side). */
    static boolean towardsGuest(int index) {
        return Listeners.sideOfIndex(index) == Side.HOST;
    }

    /** The port a listener's datagrams go to on the other side. */
    int targetPort(int index) {
        int port = index & 0xffff;
        ForwardSpec spec = towardsGuest(index) ? inbound : outbound;
        int target = spec.mode() == ForwardMode.AUTO ? port : spec.targetPort(port);
        return target < 0 ? port : target;
    }

    /** The listener's socket if it is still bound, else -1. */
    int fd(int index) {
        if (index < 0) {
            return -1;
        }
        Listeners side = towardsGuest(index) ? host : namespace;
        return side == null ? -1 : side.fd(index);
    }
}

package io.jpasst.engine.flow.fwd;

import io.jpasst.engine.control.conf.ForwardRule;
import io.jpasst.engine.control.conf.ForwardSpec;
import io.jpasst.engine.control.conf.PortRange;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which sockets a forwarding spec asks for, before any is opened (pure, unit-tested).
 *
 * <p>Host side ({@code -t/-u}): a port without a bind address gets one dual-stack IPv6
 * wildcard socket when both IP versions are enabled ("IPv6 bound ports are also forwarded for
 * IPv4"), else a wildcard of the one enabled family; a bind address gives one socket of its
 * family, with the rule's interface if any. Namespace side ({@code -T/-U}): the bypass only
 * serves local traffic, so a port gets a socket on 127.0.0.1 and one on ::1, per enabled
 * family.
 */
public final class ListenerPlan {
    private static final byte[] LOOPBACK4 = {127, 0, 0, 1};
    private static final byte[] LOOPBACK6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private ListenerPlan() {}

    /**
     * The sockets for every port {@code spec} forwards explicitly; for a best-effort spec
     * ({@code all}, exclusions only) not the ephemeral ports of this system, which the kernel
     * hands out to outgoing connections.
     */
    public static List<Endpoint> of(ForwardSpec spec, Side side, boolean ip4, boolean ip6) {
        return of(spec, side, ip4, ip6, spec.bestEffort() ? ephemeralPorts() : null);
    }

    /** As {@link #of(ForwardSpec, Side, boolean, boolean)}, skipping {@code skip} if best-effort. */
    static List<Endpoint> of(ForwardSpec spec, Side side, boolean ip4, boolean ip6, PortRange skip) {
        List<Endpoint> out = new ArrayList<>();
        java.util.BitSet ports = spec.forwardedPorts();
        if (spec.bestEffort() && skip != null) {
            ports.clear(skip.first(), skip.last() + 1);
        }
        for (int p = ports.nextSetBit(0); p >= 0; p = ports.nextSetBit(p + 1)) {
            Optional<ForwardRule> rule = spec.ruleFor(p);
            addPort(out, side, ip4, ip6, p, rule.flatMap(ForwardRule::bindAddress).orElse(null),
                    rule.flatMap(ForwardRule::bindInterface).orElse(null));
        }
        return out;
    }

    /** The kernel's ephemeral port range (Linux default if it cannot be read). */
    public static PortRange ephemeralPorts() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim().split("\\s+");
            return new PortRange(Integer.parseInt(f[0]), Integer.parseInt(f[1]));
        } catch (java.io.IOException | RuntimeException e) {
            return new PortRange(32768, 60999);
        }
    }

    /** The sockets for one port with no rule (auto mode): wildcard or loopback by side. */
    public static List<Endpoint> forPort(int port, Side side, boolean ip4, boolean ip6) {
        List<Endpoint> out = new ArrayList<>(2);
        addPort(out, side, ip4, ip6, port, null, null);
        return out;
    }

    private static void addPort(List<Endpoint> out, Side side, boolean ip4, boolean ip6, int port,
                                InetAddress bind, String iface) {
        if (side == Side.NAMESPACE) {
            if (ip4) {
                out.add(new Endpoint(false, LOOPBACK4, false, null, port, Endpoint.SLOT_V4_OR_DUAL));
            }
            if (ip6) {
                out.add(new Endpoint(true, LOOPBACK6, true, null, port, Endpoint.SLOT_V6));
            }
            return;
        }
        if (bind != null) {
            boolean v6 = bind instanceof Inet6Address;
            if (v6 ? ip6 : ip4) {
                out.add(new Endpoint(v6, bind.getAddress(), v6, iface, port,
                        v6 ? Endpoint.SLOT_V6 : Endpoint.SLOT_V4_OR_DUAL));
            }
        } else if (ip4 && ip6) {
            out.add(new Endpoint(true, null, false, iface, port, Endpoint.SLOT_V4_OR_DUAL));
        } else if (ip4) {
            out.add(new Endpoint(false, null, false, iface, port, Endpoint.SLOT_V4_OR_DUAL));
        } else if (ip6) {
            out.add(new Endpoint(true, null, true, iface, port, Endpoint.SLOT_V6));
        }
    }
}

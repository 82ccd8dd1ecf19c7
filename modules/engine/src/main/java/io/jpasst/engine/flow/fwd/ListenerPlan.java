package io.jpasst.engine.flow.fwd;

import io.jpasst.engine.control.conf.PortRange;
import io.jpasst.engine.flow.rules.Addresses;
import io.jpasst.engine.flow.rules.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which sockets forwarding rules ask for, before any is opened (pure, unit-tested).
 *
 * <p>A rule for any address of either family gets one dual-stack IPv6 wildcard socket per
 * port when both IP versions are enabled ("IPv6 bound ports are also forwarded for IPv4"),
 * else a wildcard of the one enabled family; a rule with an address (a family's wildcard
 * included) gets one socket of that family. The rule's interface, if any, is bound with
 * SO_BINDTODEVICE: {@code -T/-U} rules listen on the namespace's {@code lo} that way.
 */
public final class ListenerPlan {
    private ListenerPlan() {}

    /**
     * The sockets for every port of the rules of {@code proto} that are bound from the start:
     * all but those that follow a scan ({@code auto}), which are opened as ports turn up.
     */
    public static List<Endpoint> of(List<Rule> rules, int proto, boolean ip4, boolean ip6) {
        List<Endpoint> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            if (r.proto() == proto && (r.flags() & Rule.SCAN) == 0) {
                for (int p = r.first(); p <= r.last(); p++) {
                    add(out, r, i, p, ip4, ip6);
                }
            }
        }
        return out;
    }

    /** The sockets of port {@code port} of rule {@code r} (index {@code index} in its table). */
    public static List<Endpoint> forPort(Rule r, int index, int port, boolean ip4, boolean ip6) {
        List<Endpoint> out = new ArrayList<>(1);
        add(out, r, index, port, ip4, ip6);
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

    private static void add(List<Endpoint> out, Rule r, int index, int port, boolean ip4, boolean ip6) {
        String iface = r.ifname().isEmpty() ? null : r.ifname();
        if (!r.dualStackAny()) {
            byte[] a = r.addr();
            boolean v6 = !Addresses.isV4(a);
            if (v6 ? ip6 : ip4) {
                byte[] raw = v6 ? a : Arrays.copyOfRange(a, 12, 16);
                out.add(new Endpoint(v6, Addresses.isUnspecified(a) ? null : raw, v6, iface, port,
                        v6 ? Endpoint.SLOT_V6 : Endpoint.SLOT_V4_OR_DUAL, index));
            }
        } else if (ip4 && ip6) {
            out.add(new Endpoint(true, null, false, iface, port, Endpoint.SLOT_V4_OR_DUAL, index));
        } else if (ip4) {
            out.add(new Endpoint(false, null, false, iface, port, Endpoint.SLOT_V4_OR_DUAL, index));
        } else if (ip6) {
            out.add(new Endpoint(true, null, true, iface, port, Endpoint.SLOT_V6, index));
        }
    }
}

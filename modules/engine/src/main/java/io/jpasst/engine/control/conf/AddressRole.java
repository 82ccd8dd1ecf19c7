package io.jpasst.engine.control.conf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The per-family address options, each with the error text the user sees and the kinds of
 * address it refuses (an unspecified address never makes sense; others depend on the role).
 */
enum AddressRole {
    ADDRESS("Invalid address", Reject.LOOPBACK, Reject.MULTICAST, Reject.BROADCAST, Reject.V4_MAPPED),
    GATEWAY("Invalid gateway address", Reject.LOOPBACK, Reject.BROADCAST),
    OUTBOUND("Invalid or redundant outbound address", Reject.LOOPBACK_V6, Reject.MULTICAST, Reject.BROADCAST,
            Reject.V4_MAPPED),
    DNS_FORWARD("Invalid DNS forwarding address", Reject.LOOPBACK, Reject.BROADCAST),
    DNS_HOST("Invalid host nameserver address", Reject.BROADCAST),
    MAP_HOST_LOOPBACK("Invalid address to remap to host", Reject.LOOPBACK, Reject.MULTICAST),
    MAP_GUEST_ADDR("Invalid address to remap to host", Reject.LOOPBACK, Reject.MULTICAST);

    /** Kinds of address a role may refuse; V4_MAPPED also covers the IPv4-compatible form. */
    enum Reject { LOOPBACK, LOOPBACK_V6, MULTICAST, BROADCAST, V4_MAPPED }

    private final String error;
    private final java.util.Set<Reject> rejects;

    AddressRole(String error, Reject... rejects) {
        this.error = error;
        this.rejects = java.util.Set.of(rejects);
    }

    /** {@code text} as an address acceptable for this role, IPv6 tried first. */
    InetAddress parse(String text) {
        Optional<Inet6Address> v6 = IpLiterals.parse6(text);
        if (v6.isPresent() && acceptable6(v6.get())) {
            return v6.get();
        }
        Optional<Inet4Address> v4 = IpLiterals.parse4(text);
        if (v4.isPresent() && acceptable4(v4.get())) {
            return v4.get();
        }
        throw new ConfigException(error + ": " + text);
    }

    private boolean acceptable6(Inet6Address a) {
        return !a.isAnyLocalAddress()
                && !(a.isLoopbackAddress() && (rejects.contains(Reject.LOOPBACK) || rejects.contains(Reject.LOOPBACK_V6)))
                && !(a.isMulticastAddress() && rejects.contains(Reject.MULTICAST))
                && !((IpLiterals.isV4Mapped(a) || IpLiterals.isV4Compatible(a)) && rejects.contains(Reject.V4_MAPPED));
    }

    private boolean acceptable4(Inet4Address a) {
        return !a.isAnyLocalAddress()
                && !(a.isLoopbackAddress() && rejects.contains(Reject.LOOPBACK))
                && !(a.isMulticastAddress() && rejects.contains(Reject.MULTICAST))
                && !(IpLiterals.isBroadcast(a) && rejects.contains(Reject.BROADCAST));
    }
}

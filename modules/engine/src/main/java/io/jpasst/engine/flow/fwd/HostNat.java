package io.jpasst.engine.flow.fwd;

import io.jpasst.engine.flow.SocketAddresses;
import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.flow.GuestNatConfig;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.engine.proto.l2.L2Config;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Addresses the guest sees for a flow a host-side socket accepted (the NOTES of the man page,
 * checked against upstream's behaviour), in this order:
 * <ol>
 * <li>127.0.0.1 or ::1 appears as the {@code --map-host-loopback} address (by default the
 *     gateway; with {@code --no-map-gw} there is none, and rule 3 applies): the address that
 *     reaches the host's loopback the other way ({@link io.jpasst.engine.flow.GuestNat});</li>
 * <li>the host's own address (the one the guest's shadows) appears as {@code --map-guest-addr};</li>
 * <li>any other peer the guest could not answer directly (loopback, unspecified, the guest's
 *     own address) appears as our address on the tap: the gateway for IPv4 (none: dropped),
 *     our link-local address for IPv6. Upstream does this; its man page says loopback peers
 *     are dropped with {@code --no-map-gw}, its code (and so podman's experience) does not;</li>
 * <li>everyone else keeps their address.</li>
 * </ol>
 * The destination is the address the guest was last seen using, else the one it was
 * configured with; for IPv6 the link-local one when the source is link-local.
 *
 * <p>Pure and allocation-free. IPv4 addresses are host-order ints with 0 for "none"; IPv6 ones
 * are hi/lo longs, all-zero for "none", results written to a caller's {@code long[2]}.
 */
public final class HostNat {
    /** The rules of one IP version; IPv4 uses the low 32 bits of the {@code Lo} fields. */
    public record Family(long loopbackAliasHi, long loopbackAliasLo, long guestAliasHi, long guestAliasLo,
                         long assignedHi, long assignedLo, long ourTapHi, long ourTapLo) {
    }


    private final Family v4;
    private final Family v6;

    public HostNat(Family v4, Family v6) {
        this.v4 = v4;
        this.v6 = v6;
    }

    /**
     * From the configuration and the guest's network. The loopback alias is the one
     * {@link GuestNatConfig#loopbackAlias} picks for the other direction.
     *
     * @param gateway4  the guest's IPv4 gateway, or null
     * @param gateway6  the guest's IPv6 gateway, or null
     * @param assigned4 the guest's assigned IPv4 address (by default the host's own), or null
     * @param assigned6 the same for IPv6, or null
     * @param l2        what the built-in services use: our link-local address on the tap
     */
    public static HostNat of(Config config, InetAddress gateway4, InetAddress gateway6, InetAddress assigned4,
                             InetAddress assigned6, L2Config l2) {
        boolean noMapGw = config.features().noMapGw();
        InetAddress lo4 = GuestNatConfig.loopbackAlias(config.ip4(), noMapGw, gateway4);
        InetAddress lo6 = GuestNatConfig.loopbackAlias(config.ip6(), noMapGw, gateway6);
        InetAddress ga4 = config.ip4().mapGuestAddr().orElse(null);
        InetAddress ga6 = config.ip6().mapGuestAddr().orElse(null);
        Inet4Address tap4 = gateway4 instanceof Inet4Address g ? g : null;
        // Our link-local address is the gateway's when that is link-local, as upstream has it.
        boolean gwLinkLocal = gateway6 != null && Ipv6.isLinkLocal(GuestNatConfig.hi(gateway6));
        long tapLlHi = gwLinkLocal ? GuestNatConfig.hi(gateway6) : l2.ip6OurLlHi();
        long tapLlLo = gwLinkLocal ? GuestNatConfig.lo(gateway6) : l2.ip6OurLlLo();
        return new HostNat(
                new Family(0, GuestNatConfig.lo(lo4), 0, GuestNatConfig.lo(ga4), 0, GuestNatConfig.lo(assigned4),
                        0, GuestNatConfig.lo(tap4)),
                new Family(GuestNatConfig.hi(lo6), GuestNatConfig.lo(lo6), GuestNatConfig.hi(ga6),
                        GuestNatConfig.lo(ga6), GuestNatConfig.hi(assigned6), GuestNatConfig.lo(assigned6),
                        tapLlHi, tapLlLo));
    }

    /** The source the guest sees for a host-side IPv4 peer; 0 means drop. */
    public int source4(int peer, GuestState guest) {
        boolean loopback = peer >>> 24 == 127;
        // Only 127.0.0.1 is the alias's reverse (as upstream): other 127/8 peers fall to rule 3.
        if (peer == SocketAddresses.LOOPBACK4 && v4.loopbackAliasLo != 0) {
            return (int) v4.loopbackAliasLo;
        }
        boolean own = peer == (int) v4.assignedLo && peer != 0;
        if (own && v4.guestAliasLo != 0) {
            return (int) v4.guestAliasLo;
        }
        if (loopback || own || peer == 0 || peer == guest.ip4()) {
            return (int) v4.ourTapLo;
        }
        return peer;
    }

    /** The guest's IPv4 address to send to. */
    public int destination4(GuestState guest) {
        return guest.ip4() != 0 ? guest.ip4() : (int) v4.assignedLo;
    }

    /**
     * The source the guest sees for a host-side IPv6 peer, into {@code out[0..1]}; false (and
     * {@code out} untouched) means drop. IPv4-mapped peers are for {@link #source4}.
     */
    public boolean source6(long hi, long lo, GuestState guest, long[] out) {
        boolean loopback = hi == 0 && lo == 1;
        if (loopback && put(v6.loopbackAliasHi, v6.loopbackAliasLo, out)) {
            return true;
        }
        boolean own = hi == v6.assignedHi && lo == v6.assignedLo && !Ipv6.isUnspecified(hi, lo);
        if (own && put(v6.guestAliasHi, v6.guestAliasLo, out)) {
            return true;
        }
        boolean seen = hi == guest.ip6Hi() && lo == guest.ip6Lo();
        if (loopback || own || seen || Ipv6.isUnspecified(hi, lo)) {
            return put(v6.ourTapHi, v6.ourTapLo, out);
        }
        return put(hi, lo, out);
    }

    /**
     * The guest's IPv6 address to send to, for a (translated) source {@code srcHi}: its
     * link-local address when the source is link-local and one was seen, else its global one.
     */
    public void destination6(long srcHi, GuestState guest, long[] out) {
        if (Ipv6.isLinkLocal(srcHi) && !Ipv6.isUnspecified(guest.ip6LinkLocalHi(), guest.ip6LinkLocalLo())) {
            put(guest.ip6LinkLocalHi(), guest.ip6LinkLocalLo(), out);
        } else if (!Ipv6.isUnspecified(guest.ip6Hi(), guest.ip6Lo())) {
            put(guest.ip6Hi(), guest.ip6Lo(), out);
        } else {
            put(v6.assignedHi, v6.assignedLo, out);
        }
    }

    private static boolean put(long hi, long lo, long[] out) {
        if (Ipv6.isUnspecified(hi, lo)) {
            return false;
        }
        out[0] = hi;
        out[1] = lo;
        return true;
    }
}

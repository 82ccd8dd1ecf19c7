package io.jpasst.engine.fwd;

import io.jpasst.engine.conf.Config;
import io.jpasst.engine.flow.GuestNatConfig;
import io.jpasst.engine.ip.Ipv6;
import io.jpasst.engine.l2.GuestState;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Addresses the guest sees for traffic a host-side socket received (the NOTES of the man
 * page): a loopback source becomes the {@code --map-host-loopback} address (by default the
 * gateway; with {@code --no-map-gw} and no explicit address, none: such traffic is dropped);
 * the host's own address, which the guest's shadows, becomes {@code --map-guest-addr} if
 * given, else the same as loopback; any other source is kept. {@link
 * io.jpasst.engine.flow.GuestNat} is the reverse rule for what the guest sends. The destination is the address the guest was last seen using, else the
 * one it was configured with; for IPv6 the link-local one when the source is link-local.
 *
 * <p>Pure and allocation-free, shared by the TCP and UDP paths. IPv4 addresses are host-order
 * ints with 0 for "none"; IPv6 ones are hi/lo longs, results written to a caller's {@code long[2]}.
 */
public final class HostNat {
    private final int loopback4;
    private final int guestAddr4;
    private final int host4;
    private final int configured4;
    private final long loopback6Hi;
    private final long loopback6Lo;
    private final long guestAddr6Hi;
    private final long guestAddr6Lo;
    private final long host6Hi;
    private final long host6Lo;
    private final long configured6Hi;
    private final long configured6Lo;

    /**
     * @param loopback4  where host loopback appears in the guest, 0 to drop such traffic
     * @param guestAddr4 where the host's own address appears, 0 to use {@code loopback4}
     * @param host4      the host's own address (the one the guest's address shadows)
     * @param configured4 the guest's configured address, used until it was seen
     * @param v6         the same for IPv6, as hi/lo pairs in that order
     */
    public HostNat(int loopback4, int guestAddr4, int host4, int configured4, long... v6) {
        if (v6.length != 8) {
            throw new IllegalArgumentException("IPv6: four addresses as hi/lo pairs expected");
        }
        this.loopback4 = loopback4;
        this.guestAddr4 = guestAddr4;
        this.host4 = host4;
        this.configured4 = configured4;
        this.loopback6Hi = v6[0];
        this.loopback6Lo = v6[1];
        this.guestAddr6Hi = v6[2];
        this.guestAddr6Lo = v6[3];
        this.host6Hi = v6[4];
        this.host6Lo = v6[5];
        this.configured6Hi = v6[6];
        this.configured6Lo = v6[7];
    }

    /**
     * From the configuration and the guest's network. The loopback alias is the one
     * {@link GuestNatConfig#loopbackAlias} picks for the other direction, so an address the
     * guest sees a host-local peer come from is also the one that reaches the host's loopback.
     *
     * @param gateway4  the guest's IPv4 gateway, or null
     * @param gateway6  the guest's IPv6 gateway, or null
     * @param assigned4 the guest's assigned IPv4 address (by default the host's own), or null
     * @param assigned6 the same for IPv6, or null
     */
    public static HostNat of(Config config, InetAddress gateway4, InetAddress gateway6, InetAddress assigned4,
                             InetAddress assigned6) {
        boolean noMapGw = config.features().noMapGw();
        InetAddress lo4 = GuestNatConfig.loopbackAlias(config.ip4(), noMapGw, gateway4);
        InetAddress lo6 = GuestNatConfig.loopbackAlias(config.ip6(), noMapGw, gateway6);
        InetAddress ga4 = config.ip4().mapGuestAddr().orElse(null);
        InetAddress ga6 = config.ip6().mapGuestAddr().orElse(null);
        return new HostNat(v4(lo4), v4(ga4), v4(assigned4), v4(assigned4),
                GuestNatConfig.hi(lo6), GuestNatConfig.lo(lo6), GuestNatConfig.hi(ga6), GuestNatConfig.lo(ga6),
                GuestNatConfig.hi(assigned6), GuestNatConfig.lo(assigned6),
                GuestNatConfig.hi(assigned6), GuestNatConfig.lo(assigned6));
    }

    private static int v4(InetAddress a) {
        return a instanceof Inet4Address ? (int) GuestNatConfig.lo(a) : 0;
    }

    /** The source the guest sees for a host-side IPv4 peer; 0 means drop. */
    public int source4(int peer) {
        if (peer >>> 24 == 127) {
            return loopback4;
        }
        if (peer == host4 && peer != 0) {
            return guestAddr4 != 0 ? guestAddr4 : loopback4;
        }
        return peer;
    }

    /** The guest's IPv4 address to send to. */
    public int destination4(GuestState guest) {
        return guest.ip4() != 0 ? guest.ip4() : configured4;
    }

    /**
     * The source the guest sees for a host-side IPv6 peer, into {@code out[0..1]}; false (and
     * {@code out} untouched) means drop. IPv4-mapped peers are for {@link #source4}.
     */
    public boolean source6(long hi, long lo, long[] out) {
        if (hi == 0 && lo == 1) {
            return put(loopback6Hi, loopback6Lo, out);
        }
        if (hi == host6Hi && lo == host6Lo && !Ipv6.isUnspecified(hi, lo)) {
            return Ipv6.isUnspecified(guestAddr6Hi, guestAddr6Lo)
                    ? put(loopback6Hi, loopback6Lo, out) : put(guestAddr6Hi, guestAddr6Lo, out);
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
            put(configured6Hi, configured6Lo, out);
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

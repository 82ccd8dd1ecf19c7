package io.jpasst.engine.flow.nat;

import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.proto.l2.GuestState;

/**
 * Every address-mapping rule, both directions, for TCP, UDP and ICMP alike.
 *
 * <p><b>Guest to host</b> ({@link #toHost}): the guest sees the host's network, so most
 * destinations are used as they are; a few addresses are aliases, checked in this order:
 * <ol>
 * <li>the DNS-forward address ({@code --dns-forward}) on port 53 (or 853) goes to the resolver
 *     (first, as {@code --dns-forward} may name the loopback alias itself);</li>
 * <li>the host-loopback alias ({@code --map-host-loopback}, by default the gateway unless
 *     {@code --no-map-gw}) goes to 127.0.0.1 / ::1;</li>
 * <li>the guest-address alias ({@code --map-guest-addr}) goes to the host's own address.</li>
 * </ol>
 * <p><b>Host to guest</b> ({@link #fromHost}, the man page's NOTES, checked against upstream's
 * behaviour): the source the guest sees for a host-side peer,
 * <ol>
 * <li>127.0.0.1 or ::1 appears as the loopback alias, the address that reaches it the other way;</li>
 * <li>the host's own address (the one the guest's shadows) appears as the guest-address alias;</li>
 * <li>any other peer the guest could not answer directly (loopback, unspecified, the host's or
 *     the guest's own address) appears as our address on the tap: the gateway for IPv4 (none:
 *     dropped), our link-local address for IPv6. Upstream's man page says loopback peers are
 *     dropped with {@code --no-map-gw}; its code (and so podman's experience) does this;</li>
 * <li>everyone else keeps their address.</li>
 * </ol>
 * and {@link #guestAddress} the guest's address to deliver to: the one it was last seen using,
 * else the one it was given; for IPv6 its link-local one when the source is link-local.
 *
 * <p>Addresses are in the {@link HiLo} form. Each method leaves its answer in {@link #hi()} /
 * {@link #lo()}, so the data path allocates nothing; an instance belongs to the loop thread.
 */
public final class AddressMap {
    /**
     * The addresses the rules of one IP version name; any may be absent (all-zero).
     *
     * @param loopbackAliasHi the host-loopback alias, both ways
     * @param guestAliasHi    {@code --map-guest-addr}
     * @param hostHi          the host's own address, which the guest's shadows (its assigned one)
     * @param dnsForwardHi    the address whose DNS queries go to the resolver
     * @param resolverHi      where those go
     * @param ourTapHi        our address on the tap: the gateway (IPv4), our link-local one (IPv6)
     */
    public record Family(long loopbackAliasHi, long loopbackAliasLo, long guestAliasHi, long guestAliasLo,
                         long hostHi, long hostLo, long dnsForwardHi, long dnsForwardLo,
                         long resolverHi, long resolverLo, long ourTapHi, long ourTapLo) {
        public static final Family NONE = new Family(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private static final int DNS_PORT = 53;
    /** DNS over TLS: forwarded like plain DNS, as upstream does. */
    private static final int DNS_TLS_PORT = 853;
    /** Port argument for protocols without ports (ICMP echo): never a DNS flow. */
    public static final int NO_PORT = -1;

    private final Family v4;
    private final Family v6;

    public AddressMap(Family v4, Family v6) {
        this.v4 = v4;
        this.v6 = v6;
    }

    /**
     * Where the destination {@code (hi, lo):port} the guest addressed really is.
     *
     * @return true when it was an alias (the answer differs from the input)
     */
    public boolean toHost(boolean six, long dstHi, long dstLo, int port) {
        Family f = six ? v6 : v4;
        answer(dstHi, dstLo);
        if ((port == DNS_PORT || port == DNS_TLS_PORT) && !HiLo.none(f.resolverHi, f.resolverLo)
                && is(f.dnsForwardHi, f.dnsForwardLo, dstHi, dstLo)) {
            return answer(f.resolverHi, f.resolverLo);
        }
        if (is(f.loopbackAliasHi, f.loopbackAliasLo, dstHi, dstLo)) {
            return answer(0, six ? 1 : HiLo.LOOPBACK4);
        }
        if (is(f.guestAliasHi, f.guestAliasLo, dstHi, dstLo) && !HiLo.none(f.hostHi, f.hostLo)) {
            return answer(f.hostHi, f.hostLo);
        }
        return false;
    }

    /**
     * The source the guest sees for the host-side peer {@code (hi, lo)} (IPv4-mapped peers come
     * as IPv4).
     *
     * @return false when there is none to show: drop
     */
    public boolean fromHost(boolean six, long peerHi, long peerLo, GuestState guest) {
        Family f = six ? v6 : v4;
        if (HiLo.loopback(six, peerHi, peerLo) && answer(f.loopbackAliasHi, f.loopbackAliasLo)) {
            return true;
        }
        boolean own = is(f.hostHi, f.hostLo, peerHi, peerLo);
        if (own && answer(f.guestAliasHi, f.guestAliasLo)) {
            return true;
        }
        if (own || HiLo.none(peerHi, peerLo) || HiLo.loopbackNet(six, peerHi, peerLo)
                || guestUses(six, peerHi, peerLo, guest)) {
            return answer(f.ourTapHi, f.ourTapLo);
        }
        return answer(peerHi, peerLo);
    }

    /**
     * The guest's address to deliver to, for a (mapped) source whose high word is {@code srcHi}.
     *
     * @return false when the guest has no address of this version
     */
    public boolean guestAddress(boolean six, long srcHi, GuestState guest) {
        if (!six) {
            return answer(0, guest.ip4() != 0 ? guest.ip4() & 0xffff_ffffL : v4.hostLo);
        }
        long llHi = guest.ip6LinkLocalHi();
        long llLo = guest.ip6LinkLocalLo();
        if (Ipv6.isLinkLocal(srcHi) && !HiLo.none(llHi, llLo)) {
            return answer(llHi, llLo);
        }
        long gHi = guest.ip6Hi();
        long gLo = guest.ip6Lo();
        return HiLo.none(gHi, gLo) ? answer(v6.hostHi, v6.hostLo) : answer(gHi, gLo);
    }

    // The last answer, for the caller to read before it asks again.
    private long hi;
    private long lo;

    /** High word of the last answer. */
    public long hi() {
        return hi;
    }

    /** Low word of the last answer (an IPv4 address in its low 32 bits). */
    public long lo() {
        return lo;
    }

    private static boolean guestUses(boolean six, long h, long l, GuestState guest) {
        return six ? h == guest.ip6Hi() && l == guest.ip6Lo() : h == 0 && l == (guest.ip4() & 0xffff_ffffL);
    }

    /** {@code (aHi, aLo)} is set and equals {@code (bHi, bLo)}. */
    private static boolean is(long aHi, long aLo, long bHi, long bLo) {
        return aHi == bHi && aLo == bLo && !HiLo.none(aHi, aLo);
    }

    /** Leaves {@code (h, l)} as the answer; false if it is no address. */
    private boolean answer(long h, long l) {
        hi = h;
        lo = l;
        return !HiLo.none(h, l);
    }
}

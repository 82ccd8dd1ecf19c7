package io.jpasst.engine.flow;

/**
 * Where a guest-originated flow really goes on the host side. The guest sees the host's
 * network, so most destinations are used as they are; a few addresses are aliases:
 * <ul>
 * <li>the host-loopback alias ({@code --map-host-loopback}, by default the gateway address
 *     unless {@code --no-map-gw}) goes to 127.0.0.1 / ::1;</li>
 * <li>the guest-address alias ({@code --map-guest-addr}) goes to the host's own address;</li>
 * <li>the DNS-forward address ({@code --dns-forward}) on port 53 (or 853) goes to the first
 *     resolver; this is checked first.</li>
 * </ul>
 * One instance serves TCP, UDP and ICMP echo; {@link io.jpasst.engine.flow.fwd.HostNat} is the
 * reverse rule for flows the host side opens. {@link #resolve} leaves its answer in {@link #hi()}/{@link #lo()} so
 * the data path allocates nothing; IPv4 addresses are {@code hi = 0, lo = address}, 0 meaning
 * "no such alias".
 */
public final class GuestNat {
    /** The aliases of one IP version; any address may be absent (all-zero). */
    public record Family(long loopbackAliasHi, long loopbackAliasLo, long guestAliasHi, long guestAliasLo,
                         long hostAddrHi, long hostAddrLo, long dnsForwardHi, long dnsForwardLo,
                         long resolverHi, long resolverLo) {
        public static final Family NONE = new Family(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private static final long V6_LOOPBACK_LO = 1;
    private static final int DNS_PORT = 53;
    /** DNS over TLS: forwarded like plain DNS, as upstream does. */
    private static final int DNS_TLS_PORT = 853;
    /** Port argument for protocols without ports (ICMP echo): never a DNS flow. */
    public static final int NO_PORT = -1;

    private final Family v4;
    private final Family v6;
    private long hi;
    private long lo;

    public GuestNat(Family v4, Family v6) {
        this.v4 = v4;
        this.v6 = v6;
    }

    /**
     * Translates the destination {@code (hi, lo):port} the guest addressed.
     *
     * @return true when it was an alias (the answer differs from the input)
     */
    public boolean resolve(boolean ipv6, long dstHi, long dstLo, int port) {
        Family f = ipv6 ? v6 : v4;
        hi = dstHi;
        lo = dstLo;
        // DNS first: --dns-forward may name the loopback alias itself (as the gateway often is)
        if ((port == DNS_PORT || port == DNS_TLS_PORT) && set(f.dnsForwardHi, f.dnsForwardLo)
                && set(f.resolverHi, f.resolverLo) && matches(f.dnsForwardHi, f.dnsForwardLo, dstHi, dstLo)) {
            hi = f.resolverHi;
            lo = f.resolverLo;
            return true;
        }
        if (set(f.loopbackAliasHi, f.loopbackAliasLo) && matches(f.loopbackAliasHi, f.loopbackAliasLo, dstHi, dstLo)) {
            hi = 0;
            lo = ipv6 ? V6_LOOPBACK_LO : SocketAddresses.LOOPBACK4;
            return true;
        }
        if (set(f.guestAliasHi, f.guestAliasLo) && set(f.hostAddrHi, f.hostAddrLo)
                && matches(f.guestAliasHi, f.guestAliasLo, dstHi, dstLo)) {
            hi = f.hostAddrHi;
            lo = f.hostAddrLo;
            return true;
        }
        return false;
    }

    public long hi() {
        return hi;
    }

    public long lo() {
        return lo;
    }

    private static boolean set(long h, long l) {
        return h != 0 || l != 0;
    }

    private static boolean matches(long aHi, long aLo, long bHi, long bLo) {
        return aHi == bHi && aLo == bLo;
    }
}

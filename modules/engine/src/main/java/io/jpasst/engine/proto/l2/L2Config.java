package io.jpasst.engine.proto.l2;

import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Immutable facts the built-in responders answer with, built once from the configuration.
 * Addresses use the data-path representation ({@code int} for IPv4, hi/lo {@code long}s for
 * IPv6, {@code long} for MACs; 0 means "not configured"). Names are encoded to DNS wire
 * format here, once, into read-only segments the responders copy from.
 */
public final class L2Config {
    /** Largest search list DHCP option 119 carries; we don't split long options (RFC 3396). */
    static final int DHCP_SEARCH_MAX = 255;

    private final long ourMac;
    private final int mtu;
    private final int ip4Addr;
    private final int ip4PrefixLen;
    private final int ip4Gateway;
    private final int[] ip4Dns;
    private final long ip6AddrHi;
    private final long ip6AddrLo;
    private final int ip6PrefixLen;
    private final long ip6OurLlHi;
    private final long ip6OurLlLo;
    private final long[] ip6Dns;
    private final boolean noDhcp;
    private final boolean noNdp;
    private final boolean noDhcpv6;
    private final boolean noRa;
    private final boolean dhcpDns;
    private final boolean dhcpSearch;
    private final MemorySegment hostname;
    private final MemorySegment fqdnWire;
    private final MemorySegment firstSearchDomain;
    private final MemorySegment searchCompressed;
    private final MemorySegment searchPlain;
    private final List<String> searchList;

    private L2Config(Builder b) {
        ourMac = b.ourMac;
        mtu = b.mtu;
        ip4Addr = b.ip4Addr;
        ip4PrefixLen = b.ip4PrefixLen;
        ip4Gateway = b.ip4Gateway;
        ip4Dns = b.ip4Dns.stream().mapToInt(Integer::intValue).toArray();
        ip6AddrHi = b.ip6AddrHi;
        ip6AddrLo = b.ip6AddrLo;
        ip6PrefixLen = b.ip6PrefixLen;
        if (b.ip6OurLlHi == 0 && b.ip6OurLlLo == 0) {
            ip6OurLlHi = Ipv6.LINK_LOCAL_HI;
            ip6OurLlLo = Ipv6.linkLocalLoFromMac(ourMac);
        } else {
            ip6OurLlHi = b.ip6OurLlHi;
            ip6OurLlLo = b.ip6OurLlLo;
        }
        ip6Dns = new long[b.ip6Dns.size() * 2];
        for (int i = 0; i < b.ip6Dns.size(); i++) {
            ip6Dns[2 * i] = b.ip6Dns.get(i)[0];
            ip6Dns[2 * i + 1] = b.ip6Dns.get(i)[1];
        }
        noDhcp = b.noDhcp;
        noNdp = b.noNdp;
        noDhcpv6 = b.noDhcpv6;
        noRa = b.noRa;
        dhcpDns = b.dhcpDns;
        dhcpSearch = b.dhcpSearch;
        searchList = List.copyOf(b.search);
        hostname = segment(b.hostname == null ? new byte[0] : b.hostname.getBytes(StandardCharsets.US_ASCII));
        fqdnWire = segment(b.fqdn == null ? new byte[0] : DomainNames.encode(b.fqdn));
        firstSearchDomain = segment(searchList.isEmpty() ? new byte[0]
                : stripDot(searchList.get(0)).getBytes(StandardCharsets.US_ASCII));
        searchCompressed = segment(DomainNames.encodeCompressed(searchList, DHCP_SEARCH_MAX));
        searchPlain = segment(DomainNames.encodeList(searchList));
        if (ip4PrefixLen < 0 || ip4PrefixLen > 32 || ip6PrefixLen < 0 || ip6PrefixLen > 128) {
            throw new IllegalArgumentException("bad prefix length");
        }
        if (mtu < 0 || mtu > 65535) {
            throw new IllegalArgumentException("bad MTU " + mtu);
        }
    }

    private static String stripDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static MemorySegment segment(byte[] b) {
        return MemorySegment.ofArray(b).asReadOnly();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The MAC we answer with: gateway and every other address the guest resolves. */
    public long ourMac() { return ourMac; }
    /** MTU to advertise; 0 means don't. */
    public int mtu() { return mtu; }
    public int ip4Addr() { return ip4Addr; }
    public int ip4PrefixLen() { return ip4PrefixLen; }
    public int ip4Netmask() { return Ipv4.mask(ip4PrefixLen); }
    /** Router for the guest; also our DHCP server identifier and the source of DHCP replies. */
    public int ip4Gateway() { return ip4Gateway; }
    public int ip4DnsCount() { return ip4Dns.length; }
    public int ip4Dns(int i) { return ip4Dns[i]; }
    public long ip6AddrHi() { return ip6AddrHi; }
    public long ip6AddrLo() { return ip6AddrLo; }
    public int ip6PrefixLen() { return ip6PrefixLen; }
    /** Our link-local address: source of RAs, NAs and DHCPv6 replies, and the guest's router. */
    public long ip6OurLlHi() { return ip6OurLlHi; }
    public long ip6OurLlLo() { return ip6OurLlLo; }
    public int ip6DnsCount() { return ip6Dns.length / 2; }
    public long ip6DnsHi(int i) { return ip6Dns[2 * i]; }
    public long ip6DnsLo(int i) { return ip6Dns[2 * i + 1]; }
    public boolean noDhcp() { return noDhcp; }
    public boolean noNdp() { return noNdp; }
    public boolean noDhcpv6() { return noDhcpv6; }
    public boolean noRa() { return noRa; }
    /** Whether DNS servers are handed out (DHCP 6, DHCPv6 23, RDNSS). */
    public boolean dhcpDns() { return dhcpDns; }
    /** Whether the search list is handed out (DHCP 15/119, DHCPv6 24, DNSSL). */
    public boolean dhcpSearch() { return dhcpSearch; }
    public List<String> searchList() { return searchList; }
    /** Hostname bytes (DHCP option 12); empty when not set. */
    public MemorySegment hostname() { return hostname; }
    /** FQDN in DNS wire format (DHCP 81, DHCPv6 39); empty when not set. */
    public MemorySegment fqdnWire() { return fqdnWire; }
    /** First search domain as text (DHCP option 15); empty when no search list. */
    public MemorySegment firstSearchDomain() { return firstSearchDomain; }
    /** Search list, RFC 3397 compressed, at most 255 bytes (DHCP option 119). */
    public MemorySegment searchCompressed() { return searchCompressed; }
    /** Search list, uncompressed wire format (DHCPv6 option 24, NDP DNSSL). */
    public MemorySegment searchPlain() { return searchPlain; }

    public boolean hasIp4() { return ip4Addr != 0; }
    public boolean hasIp6() { return ip6AddrHi != 0 || ip6AddrLo != 0; }

    /** Mutable builder; {@link #build()} validates and encodes. */
    public static final class Builder {
        private long ourMac = 0x9a55_9a55_9a55L;
        private int mtu;
        private int ip4Addr;
        private int ip4PrefixLen = 24;
        private int ip4Gateway;
        private final List<Integer> ip4Dns = new ArrayList<>();
        private long ip6AddrHi;
        private long ip6AddrLo;
        private int ip6PrefixLen = 64;
        private long ip6OurLlHi;
        private long ip6OurLlLo;
        private final List<long[]> ip6Dns = new ArrayList<>();
        private boolean noDhcp;
        private boolean noNdp;
        private boolean noDhcpv6;
        private boolean noRa;
        private boolean dhcpDns = true;
        private boolean dhcpSearch = true;
        private String hostname;
        private String fqdn;
        private final List<String> search = new ArrayList<>();

        public Builder ourMac(long mac) { ourMac = mac; return this; }
        public Builder mtu(int v) { mtu = v; return this; }
        public Builder ip4(int addr, int prefixLen, int gateway) {
            ip4Addr = addr;
            ip4PrefixLen = prefixLen;
            ip4Gateway = gateway;
            return this;
        }
        public Builder ip4Dns(int addr) { ip4Dns.add(addr); return this; }
        public Builder ip6(long hi, long lo, int prefixLen) {
            ip6AddrHi = hi;
            ip6AddrLo = lo;
            ip6PrefixLen = prefixLen;
            return this;
        }
        /** Our link-local address; default: fe80:: plus the EUI-64 of {@link #ourMac}. */
        public Builder ip6OurLinkLocal(long hi, long lo) { ip6OurLlHi = hi; ip6OurLlLo = lo; return this; }
        public Builder ip6Dns(long hi, long lo) { ip6Dns.add(new long[] {hi, lo}); return this; }
        public Builder search(String domain) { search.add(domain); return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder fqdn(String v) { fqdn = v; return this; }
        public Builder noDhcp(boolean v) { noDhcp = v; return this; }
        public Builder noNdp(boolean v) { noNdp = v; return this; }
        public Builder noDhcpv6(boolean v) { noDhcpv6 = v; return this; }
        public Builder noRa(boolean v) { noRa = v; return this; }
        public Builder dhcpDns(boolean v) { dhcpDns = v; return this; }
        public Builder dhcpSearch(boolean v) { dhcpSearch = v; return this; }

        public L2Config build() {
            return new L2Config(this);
        }
    }
}

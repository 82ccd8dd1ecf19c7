package io.jpasst.engine.control.conf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The whole, validated configuration of one passt or pasta run: what the command line said,
 * with mode defaults applied but nothing yet read from the host (addresses, routes,
 * resolv.conf, interface indices and user names are resolved by the engine at start-up).
 *
 * @param mtu            MTU advertised to the guest; 0 means advertise none
 * @param ip4PrefixLength {@code -n}: IPv4 prefix length assigned to the guest
 * @param mac            our MAC address as seen by the guest ({@code -M})
 * @param interfaceName  host interface to copy addresses and routes from ({@code -i})
 * @param runas          {@code --runas} exactly as given (UID, UID:GID, LOGIN or LOGIN:GROUP)
 * @param hostname       DHCP option 12 ({@code -H})
 * @param fqdn           DHCP option 81 / DHCPv6 FQDN ({@code --fqdn})
 */
public record Config(Mode mode, LogConfig log, Optional<String> pcapFile, Optional<String> pidFile, int mtu,
                     OptionalInt ip4PrefixLength, Optional<MacAddress> mac, Optional<String> interfaceName,
                     FamilyConfig<Inet4Address> ip4, FamilyConfig<Inet6Address> ip6, IpVersions ipVersions,
                     DnsConfig dns, Features features, Optional<String> hostname, Optional<String> fqdn,
                     Optional<String> runas, PasstConfig passt, PastaConfig pasta, Forwarding forwarding) {
    /** Largest MTU: 65535 minus an Ethernet header, rounded down to whole 32-bit words. */
    public static final int MAX_MTU = 65520;
    /** Smallest MTU an IPv4 link may have. */
    public static final int MIN_MTU = 68;
}

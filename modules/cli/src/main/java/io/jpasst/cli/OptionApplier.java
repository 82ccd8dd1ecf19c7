package io.jpasst.cli;

import io.jpasst.engine.control.conf.ConfigBuilder;
import io.jpasst.engine.control.conf.ForwardOption;

/**
 * Gives each option its meaning by handing its value to the {@link ConfigBuilder}. A plain
 * switch rather than a lambda per option: it costs nothing at start-up.
 */
final class OptionApplier {
    private OptionApplier() {}

    /** Applies one option; HELP and VERSION are handled by the caller before this. */
    static void apply(ConfigBuilder b, CliOption option, String v) {
        switch (option) {
            case DEBUG -> b.debug();
            case TRACE -> b.trace();
            case QUIET -> b.quiet();
            case FOREGROUND -> b.foreground();
            case STDERR -> b.stderr();
            case LOG_FILE -> b.logFile(v);
            case LOG_SIZE -> b.logSize(v);
            case RUNAS -> b.runas(v);
            case STATS -> b.stats(v);
            case CHROOT_FALLBACK -> { } // jpasst has no pivot_root() to fall back from (man page, Security)
            case HELP, VERSION, PRINT_CAPABILITIES -> throw new IllegalStateException(option + " is handled by the caller");
            case PCAP -> b.pcap(v);
            case PID -> b.pidFile(v);
            case MTU -> b.mtu(v);
            case ADDRESS -> b.address(v);
            case NETMASK -> b.netmask(v);
            case MAC_ADDR -> b.macAddress(v);
            case GATEWAY -> b.gateway(v);
            case INTERFACE -> b.interfaceName(v);
            case OUTBOUND -> b.outbound(v);
            case OUTBOUND_IF4 -> b.outboundIf4(v);
            case OUTBOUND_IF6 -> b.outboundIf6(v);
            case HOSTNAME -> b.hostname(v);
            case FQDN -> b.fqdn(v);
            case DNS -> b.dns(v);
            case DNS_FORWARD -> b.dnsForward(v);
            case DNS_HOST -> b.dnsHost(v);
            case SEARCH -> b.search(v);
            case NO_DHCP_DNS, DHCP_DNS -> b.dhcpDns(option == CliOption.DHCP_DNS);
            case NO_DHCP_SEARCH, DHCP_SEARCH -> b.dhcpSearch(option == CliOption.DHCP_SEARCH);
            case NO_TCP -> b.noTcp();
            case NO_UDP -> b.noUdp();
            case NO_ICMP -> b.noIcmp();
            case NO_DHCP -> b.noDhcp();
            case NO_NDP -> b.noNdp();
            case NO_DHCPV6 -> b.noDhcpv6();
            case NO_RA -> b.noRa();
            case FREEBIND -> b.freebind();
            case MAP_HOST_LOOPBACK -> b.mapHostLoopback(v);
            case NO_MAP_GW -> b.noMapGw();
            case MAP_GUEST_ADDR -> b.mapGuestAddr(v);
            case IPV4_ONLY -> b.ipv4Only();
            case IPV6_ONLY -> b.ipv6Only();
            case NO_SPLICE -> b.noSplice();
            case TCP_PORTS -> b.forward(ForwardOption.TCP_IN, v);
            case UDP_PORTS -> b.forward(ForwardOption.UDP_IN, v);
            case CONF_PATH -> b.controlPath(v);
            case SOCKET -> b.socketPath(v);
            case VHOST_USER -> b.vhostUser();
            case FD -> b.fd(v);
            case ONE_OFF -> b.oneOff();
            case NS_IFNAME -> b.nsIfname(v);
            case TCP_NS -> b.forward(ForwardOption.TCP_OUT, v);
            case UDP_NS -> b.forward(ForwardOption.UDP_OUT, v);
            case HOST_LO_TO_NS_LO -> b.hostLoToNsLo();
            case SPLICE_ONLY -> b.spliceOnly();
            case USERNS -> b.userns(v);
            case NETNS -> b.netns(v);
            case NETNS_ONLY -> b.netnsOnly();
            case NO_NETNS_QUIT -> b.noNetnsQuit();
            case CONFIG_NET -> b.configNet();
            case NO_COPY_ROUTES -> b.noCopyRoutes();
            case NO_COPY_ADDRS -> b.noCopyAddrs();
            case NS_MAC_ADDR -> b.nsMacAddress(v);
        }
    }
}

package io.jpasst.cli;

import io.jpasst.engine.control.conf.Mode;

/**
 * Every command-line option of passt and pasta: its short and long names, its argument, the
 * modes it exists in and one line of help. The single source for the parser, the usage text
 * and the tests, so an option cannot be accepted without being documented or vice versa.
 */
enum CliOption {
    // logging and process
    DEBUG('d', "debug", null, Availability.BOTH, "be verbose, log to stderr"),
    TRACE('\0', "trace", null, Availability.BOTH, "be extra verbose, show single packets; implies --debug"),
    QUIET('q', "quiet", null, Availability.BOTH, "print warnings and errors only"),
    FOREGROUND('f', "foreground", null, Availability.BOTH, "stay in foreground instead of detaching"),
    STDERR('e', "stderr", null, Availability.BOTH, "no effect, kept for old callers (deprecated)"),
    LOG_FILE('l', "log-file", "PATH", Availability.BOTH, "log to PATH instead of the system logger"),
    LOG_SIZE('\0', "log-size", "BYTES", Availability.BOTH, "cap the log file at BYTES, default 1 MiB"),
    RUNAS('\0', "runas", "UID|UID:GID|LOGIN|LOGIN:GROUP", Availability.BOTH, "switch to this user, if started as root"),
    STATS('\0', "stats", "DELAY", Availability.BOTH, "in foreground, print event counts every DELAY seconds"),
    CHROOT_FALLBACK('\0', "chroot-fallback", null, Availability.BOTH, "no effect: jpasst never changes its root directory"),
    HELP('h', "help", null, Availability.BOTH, "print this help on stdout and exit"),
    VERSION('\0', "version", null, Availability.BOTH, "print the version and exit"),
    PCAP('p', "pcap", "FILE", Availability.BOTH, "capture guest-side frames to FILE in pcap format"),
    PID('P', "pid", "FILE", Availability.BOTH, "write our PID to FILE once ready"),
    // guest addressing
    MTU('m', "mtu", "MTU", Availability.BOTH, "MTU to advertise (0: none), default 65520"),
    ADDRESS('a', "address", "ADDR[/PREFIX]", Availability.BOTH, "IPv4 or IPv6 address for the guest, once per version"),
    NETMASK('n', "netmask", "MASK", Availability.BOTH, "IPv4 netmask for the guest, dotted or prefix bits"),
    MAC_ADDR('M', "mac-addr", "ADDR", Availability.BOTH, "our MAC address as the guest sees it"),
    GATEWAY('g', "gateway", "ADDR", Availability.BOTH, "IPv4 or IPv6 default gateway for the guest"),
    INTERFACE('i', "interface", "NAME", Availability.BOTH, "host interface to take addresses and routes from"),
    OUTBOUND('o', "outbound", "ADDR", Availability.BOTH, "source address for outbound sockets, once per version"),
    OUTBOUND_IF4('\0', "outbound-if4", "NAME", Availability.BOTH, "bind IPv4 outbound sockets to interface NAME"),
    OUTBOUND_IF6('\0', "outbound-if6", "NAME", Availability.BOTH, "bind IPv6 outbound sockets to interface NAME"),
    HOSTNAME('H', "hostname", "NAME", Availability.BOTH, "host name to hand out via DHCP (option 12)"),
    FQDN('\0', "fqdn", "NAME", Availability.BOTH, "fully qualified name to hand out (DHCP option 81, DHCPv6)"),
    // DNS
    DNS('D', "dns", "ADDR", Availability.BOTH, "resolver for the guest, repeatable; 'none' for no resolvers"),
    DNS_FORWARD('\0', "dns-forward", "ADDR", Availability.BOTH, "guest-side address redirected to the host resolver"),
    DNS_HOST('\0', "dns-host", "ADDR", Availability.BOTH, "host resolver that --dns-forward traffic goes to"),
    SEARCH('S', "search", "LIST", Availability.BOTH, "space-separated search domains; 'none' for no list"),
    NO_DHCP_DNS('\0', "no-dhcp-dns", null, Availability.PASST, "do not announce resolvers to the guest"),
    DHCP_DNS('\0', "dhcp-dns", null, Availability.PASTA, "announce resolvers to the namespace"),
    NO_DHCP_SEARCH('\0', "no-dhcp-search", null, Availability.PASST, "do not announce search domains to the guest"),
    DHCP_SEARCH('\0', "dhcp-search", null, Availability.PASTA, "announce search domains to the namespace"),
    // protocol switches
    NO_TCP('\0', "no-tcp", null, Availability.BOTH, "disable TCP"),
    NO_UDP('\0', "no-udp", null, Availability.BOTH, "disable UDP"),
    NO_ICMP('\0', "no-icmp", null, Availability.BOTH, "disable ICMP/ICMPv6 echo"),
    NO_DHCP('\0', "no-dhcp", null, Availability.BOTH, "disable the DHCP server"),
    NO_NDP('\0', "no-ndp", null, Availability.BOTH, "disable NDP responses"),
    NO_DHCPV6('\0', "no-dhcpv6", null, Availability.BOTH, "disable the DHCPv6 server"),
    NO_RA('\0', "no-ra", null, Availability.BOTH, "disable router advertisements"),
    FREEBIND('\0', "freebind", null, Availability.BOTH, "allow -t/-u bind addresses not configured on the host"),
    MAP_HOST_LOOPBACK('\0', "map-host-loopback", "ADDR", Availability.BOTH, "guest-side address that reaches host loopback; 'none'"),
    NO_MAP_GW('\0', "no-map-gw", null, Availability.BOTH, "do not map the gateway address to the host"),
    MAP_GUEST_ADDR('\0', "map-guest-addr", "ADDR", Availability.BOTH, "guest-side address that reaches the host's own address; 'none'"),
    IPV4_ONLY('4', "ipv4-only", null, Availability.BOTH, "IPv4 only"),
    IPV6_ONLY('6', "ipv6-only", null, Availability.BOTH, "IPv6 only"),
    NO_SPLICE('\0', "no-splice", null, Availability.BOTH, "pasta: no local bypass path for loopback traffic"),
    TCP_PORTS('t', "tcp-ports", "SPEC", Availability.BOTH, "TCP ports to forward to the guest (see below)"),
    UDP_PORTS('u', "udp-ports", "SPEC", Availability.BOTH, "UDP ports to forward to the guest"),
    CONF_PATH('c', "conf-path", "PATH", Availability.BOTH, "control socket for pesto(1) to change forwarding at run time"),
    // passt only
    SOCKET('s', "socket", "PATH", Availability.PASST, "UNIX socket to listen on (alias --socket-path)", "socket-path"),
    VHOST_USER('\0', "vhost-user", null, Availability.PASST, "speak vhost-user on the socket (qemu -netdev vhost-user)"),
    PRINT_CAPABILITIES('\0', "print-capabilities", null, Availability.PASST, "print the vhost-user back-end capabilities (JSON) and exit"),
    FD('F', "fd", "FD", Availability.PASST, "use inherited connected socket FD; implies --one-off"),
    ONE_OFF('1', "one-off", null, Availability.PASST, "quit when the first client disconnects"),
    // pasta only
    NS_IFNAME('I', "ns-ifname", "NAME", Availability.PASTA, "name of the tap device in the namespace"),
    SPLICE_ONLY('\0', "splice-only", null, Availability.PASTA, "no tap device: forward loopback traffic only"),
    TCP_NS('T', "tcp-ns", "SPEC", Availability.PASTA, "TCP ports to forward from the namespace to the host"),
    UDP_NS('U', "udp-ns", "SPEC", Availability.PASTA, "UDP ports to forward from the namespace to the host"),
    HOST_LO_TO_NS_LO('\0', "host-lo-to-ns-lo", null, Availability.PASTA, "host loopback traffic appears on namespace loopback"),
    USERNS('\0', "userns", "PATH", Availability.PASTA, "user namespace to join"),
    NETNS('\0', "netns", "PATH|NAME", Availability.PASTA, "network namespace to join (NAME: under /run/netns)"),
    NETNS_ONLY('\0', "netns-only", null, Availability.PASTA, "join only the network namespace"),
    NO_NETNS_QUIT('\0', "no-netns-quit", null, Availability.PASTA, "keep running when the namespace goes away"),
    CONFIG_NET('\0', "config-net", null, Availability.PASTA, "set up addresses, routes and link in the namespace"),
    NO_COPY_ROUTES('\0', "no-copy-routes", null, Availability.PASTA, "with --config-net, set only the default route (deprecated)"),
    NO_COPY_ADDRS('\0', "no-copy-addrs", null, Availability.PASTA, "with --config-net, set only one address (deprecated)"),
    NS_MAC_ADDR('\0', "ns-mac-addr", "ADDR", Availability.PASTA, "MAC address of the namespace tap device");

    /** The modes an option exists in; using it in the other mode is an error. */
    enum Availability {
        BOTH, PASST, PASTA;

        boolean includes(Mode mode) {
            return this == BOTH || (this == PASST) == (mode == Mode.PASST);
        }
    }

    private final char shortName;
    private final String[] longNames;
    private final String argLabel;
    private final Availability availability;
    private final String help;

    CliOption(char shortName, String longName, String argLabel, Availability availability, String help,
              String... aliases) {
        this.shortName = shortName;
        this.longNames = new String[aliases.length + 1];
        this.longNames[0] = "--" + longName;
        for (int i = 0; i < aliases.length; i++) {
            this.longNames[i + 1] = "--" + aliases[i];
        }
        this.argLabel = argLabel;
        this.availability = availability;
        this.help = help;
    }

    /** {@code -m}, or null if the option has only long names. */
    String shortName() {
        return shortName == '\0' ? null : "-" + shortName;
    }

    /** The main long name first, then aliases. */
    String[] longNames() {
        return longNames.clone();
    }

    String longName() {
        return longNames[0];
    }

    /** Every name picocli should match. */
    String[] allNames() {
        if (shortName == '\0') {
            return longNames();
        }
        String[] all = new String[longNames.length + 1];
        all[0] = shortName();
        System.arraycopy(longNames, 0, all, 1, longNames.length);
        return all;
    }

    boolean takesArgument() {
        return argLabel != null;
    }

    String argLabel() {
        return argLabel;
    }

    Availability availability() {
        return availability;
    }

    String help() {
        return help;
    }
}

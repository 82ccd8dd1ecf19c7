package io.jpasst.engine.control.conf;

import static io.jpasst.engine.control.conf.OptionValues.MAX_DOMAIN_NAME;
import static io.jpasst.engine.control.conf.OptionValues.PATH_MAX;
import static io.jpasst.engine.control.conf.OptionValues.UNIX_PATH_MAX;
import static io.jpasst.engine.control.conf.OptionValues.domainName;
import static io.jpasst.engine.control.conf.OptionValues.ifname;
import static io.jpasst.engine.control.conf.OptionValues.path;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import io.jpasst.engine.flow.rules.RuleParser;
import io.jpasst.engine.flow.rules.RuleTable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Collects option values in command-line order and turns them into a {@link Config}.
 *
 * <p>Each method takes the raw option argument, validates it at once and throws a
 * {@link ConfigException} with a one-line message naming the option or value, so the first bad
 * option stops the run as with the C tools. The last value wins unless an option accumulates
 * ({@code -D}, {@code -S}, the forwarding options, and per-family address options, which keep
 * one value per IP version). Checks that depend on several options run in {@link #build}.
 * Mode-specific options are not refused here; the command line knows which options a mode has.
 */
public final class ConfigBuilder {
    private final Mode mode;
    private final List<String> warnings = new ArrayList<>();

    private boolean debug, trace, quiet, foreground;
    private int statsSeconds;
    private Optional<String> logFile = Optional.empty();
    private long logSize = LogConfig.DEFAULT_SIZE;
    private Optional<String> pcap = Optional.empty(), pidFile = Optional.empty(), runas = Optional.empty();
    private int mtu = Config.MAX_MTU;
    private OptionalInt prefixLength = OptionalInt.empty();
    /** -n was given; the last -a carried a prefix length: either excludes the other. */
    private boolean netmaskGiven, addressHasPrefix;
    private Optional<MacAddress> mac = Optional.empty();
    private Optional<String> interfaceName = Optional.empty(), hostname = Optional.empty(), fqdn = Optional.empty();
    private final FamilySettings<Inet4Address> ip4 = new FamilySettings<>(Inet4Address.class);
    private final FamilySettings<Inet6Address> ip6 = new FamilySettings<>(Inet6Address.class);
    private IpVersions ipVersions = IpVersions.BOTH;

    private final List<InetAddress> dnsServers = new ArrayList<>();
    private boolean dnsDisabled, dnsNoneGiven;
    private final List<String> search = new ArrayList<>();
    private boolean searchDisabled;
    private boolean dhcpDns, dhcpSearch;

    private boolean noTcp, noUdp, noIcmp, noDhcp, noNdp, noDhcpv6, noRa, noMapGw, freebind, noSplice, hostLoToNsLo;

    private Optional<String> socketPath = Optional.empty();
    private OptionalInt fd = OptionalInt.empty();
    private boolean oneOff;
    private boolean vhostUser;

    private final PastaNamespaceOptions namespace = new PastaNamespaceOptions();
    private boolean noCopyRoutesGiven, noCopyAddrsGiven;

    /** The -t/-u/-T/-U values in the order given: read into rule tables once the rest is known. */
    private final List<Map.Entry<ForwardOption, String>> forwards = new ArrayList<>();
    private Optional<String> controlPath = Optional.empty();
    private boolean spliceOnly;

    public ConfigBuilder(Mode mode) {
        this.mode = mode;
        // passt tells its guest about resolvers and search domains, pasta leaves that to the host
        this.dhcpDns = this.dhcpSearch = mode == Mode.PASST;
    }

    public Mode mode() {
        return mode;
    }

    /** Non-fatal remarks collected so far (deprecated options), one line each. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    // ---- logging and process

    public void debug() {
        debug = true;
        quiet = false;
    }

    public void trace() {
        trace = debug = true;
        quiet = false;
    }

    public void quiet() {
        quiet = true;
        debug = trace = false;
    }

    /** Seconds between event count tables on stderr (0: none); needs the foreground. */
    public void stats(String seconds) {
        if (!CNumber.isDecimalDigits(seconds) || seconds.length() > 9) {
            throw new ConfigException("Invalid --stats: " + seconds);
        }
        statsSeconds = Integer.parseInt(seconds);
    }

    public void foreground() {
        foreground = true;
    }

    public void stderr() {
        warnings.add("--stderr will be dropped soon");
    }

    public void logFile(String path) {
        logFile = Optional.of(path(path, PATH_MAX, "Invalid log file"));
    }

    public void logSize(String size) {
        long value = CNumber.parseOr(size, -1);
        if (value < LogConfig.MIN_SIZE) {
            throw new ConfigException("Invalid --log-size: " + size);
        }
        logSize = value;
    }

    public void runas(String spec) {
        if (spec.isEmpty()) {
            throw new ConfigException("Invalid --runas: empty");
        }
        runas = Optional.of(spec);
    }

    public void pcap(String path) {
        pcap = Optional.of(path(path, PATH_MAX, "Invalid pcap path"));
    }

    public void pidFile(String path) {
        pidFile = Optional.of(path(path, PATH_MAX, "Invalid PID file"));
    }

    // ---- addresses and interfaces

    public void mtu(String value) {
        long v = CNumber.parseOr(value, -1);
        if (v != 0 && (v < Config.MIN_MTU || v > Config.MAX_MTU)) {
            throw new ConfigException("Invalid MTU: " + value);
        }
        mtu = (int) v;
    }

    /** ADDR, or ADDR/PREFIX: the prefix length then replaces -n (for IPv6 it is only checked). */
    public void address(String text) {
        int slash = text.indexOf('/');
        InetAddress a = set(AddressRole.ADDRESS, slash < 0 ? text : text.substring(0, slash));
        addressHasPrefix = slash >= 0;
        if (addressHasPrefix) {
            int max = a instanceof Inet4Address ? 32 : 128;
            String bits = text.substring(slash + 1);
            if (!CNumber.isDecimalDigits(bits) || bits.length() > 3) {
                throw new ConfigException("Invalid guest address: " + text);
            }
            if (netmaskGiven) {
                throw new ConfigException("Redundant prefix length specification");
            }
            int length = Integer.parseInt(bits);
            if (length > max) {
                throw new ConfigException("Invalid prefix length: " + text);
            }
            if (a instanceof Inet4Address) {
                prefixLength = OptionalInt.of(length);
            }
        }
        if (mode == Mode.PASTA) {
            family(a).noCopyAddrs = true; // an explicit address replaces copying the host's
        }
    }

    public void netmask(String text) {
        if (addressHasPrefix) {
            throw new ConfigException("Redundant prefix length specification");
        }
        prefixLength = OptionalInt.of(Netmask.prefixLength(text));
        netmaskGiven = true;
    }

    public void macAddress(String text) {
        mac = Optional.of(MacAddress.parse(text));
    }

    public void gateway(String text) {
        InetAddress a = set(AddressRole.GATEWAY, text);
        if (mode == Mode.PASTA) {
            family(a).noCopyRoutes = true; // an explicit gateway replaces copying the host's routes
        }
    }

    public void interfaceName(String name) {
        interfaceName = Optional.of(ifname(name));
    }

    public void outbound(String text) {
        set(AddressRole.OUTBOUND, text);
    }

    public void outboundIf4(String name) {
        ip4.outboundIf = Optional.of(ifname(name));
    }

    public void outboundIf6(String name) {
        ip6.outboundIf = Optional.of(ifname(name));
    }

    public void ipv4Only() {
        ipVersions = IpVersions.IPV4_ONLY;
    }

    public void ipv6Only() {
        ipVersions = IpVersions.IPV6_ONLY;
    }

    public void mapHostLoopback(String text) {
        if (text.equals("none")) {
            clearBoth(AddressRole.MAP_HOST_LOOPBACK);
            noMapGw = true;
            return;
        }
        set(AddressRole.MAP_HOST_LOOPBACK, text);
    }

    public void mapGuestAddr(String text) {
        if (text.equals("none")) {
            clearBoth(AddressRole.MAP_GUEST_ADDR);
            return;
        }
        set(AddressRole.MAP_GUEST_ADDR, text);
    }

    public void hostname(String name) {
        hostname = Optional.of(domainName(name, "Invalid hostname"));
    }

    public void fqdn(String name) {
        fqdn = Optional.of(domainName(name, "Invalid FQDN"));
    }

    // ---- DNS

    public void dns(String text) {
        if (text.equals("none")) {
            dnsServers.clear();
            dnsDisabled = dnsNoneGiven = true;
            return;
        }
        InetAddress a = IpLiterals.parseAny(text)
                .orElseThrow(() -> new ConfigException("Cannot use DNS address " + text));
        dnsServers.add(a);
        dnsDisabled = false;
    }

    public void dnsForward(String text) {
        set(AddressRole.DNS_FORWARD, text);
    }

    public void dnsHost(String text) {
        set(AddressRole.DNS_HOST, text);
    }

    public void search(String list) {
        if (list.equals("none")) {
            search.clear();
            searchDisabled = true;
            return;
        }
        for (String domain : list.strip().split("\\s+")) {
            if (domain.isEmpty() || domain.length() > MAX_DOMAIN_NAME) {
                throw new ConfigException("Cannot use DNS search domain " + list);
            }
            search.add(domain);
        }
        searchDisabled = false;
    }

    public void dhcpDns(boolean on) {
        dhcpDns = on;
    }

    public void dhcpSearch(boolean on) {
        dhcpSearch = on;
    }

    // ---- protocol switches

    public void noTcp() { noTcp = true; }
    public void noUdp() { noUdp = true; }
    public void noIcmp() { noIcmp = true; }
    public void noDhcp() { noDhcp = true; }
    public void noNdp() { noNdp = true; }
    public void noDhcpv6() { noDhcpv6 = true; }
    public void noRa() { noRa = true; }
    public void noMapGw() { noMapGw = true; }
    public void freebind() { freebind = true; }
    public void noSplice() { noSplice = true; }
    public void hostLoToNsLo() { hostLoToNsLo = true; }

    /** pasta without a tap device: loopback forwarding only, delivered to the namespace's lo. */
    public void spliceOnly() {
        spliceOnly = true;
    }

    // ---- forwarding

    public void forward(ForwardOption option, String spec) {
        forwards.add(Map.entry(option, spec));
    }

    /** {@code -c}: the pesto control socket. */
    public void controlPath(String path) {
        controlPath = Optional.of(path(path, UNIX_PATH_MAX, "Invalid control socket path"));
    }

    // ---- passt

    public void socketPath(String path) {
        socketPath = Optional.of(path(path, UNIX_PATH_MAX, "Invalid socket path"));
        fd = OptionalInt.empty();
    }

    public void fd(String text) {
        long v = CNumber.parseOr(text, -1);
        // 0 works (a socket handed over as standard input); 1 and 2 carry our messages
        if (v < 0 || v == 1 || v == 2 || v > Integer.MAX_VALUE) {
            throw new ConfigException("Invalid --fd: " + text);
        }
        fd = OptionalInt.of((int) v);
        oneOff = true;
        socketPath = Optional.empty();
    }

    public void oneOff() {
        oneOff = true;
    }

    /** The socket speaks vhost-user (qemu's -netdev vhost-user) instead of the stream. */
    public void vhostUser() {
        vhostUser = true;
    }

    // ---- pasta

    public void nsIfname(String name) { namespace.nsIfname(name); }

    public void userns(String path) { namespace.userns(path); }

    /** A name without a slash is one of ip-netns(8)'s, a bind mount under /run/netns. */
    public void netns(String pathOrName) { namespace.netns(pathOrName); }

    public void netnsOnly() { namespace.netnsOnly(); }

    public void noNetnsQuit() { namespace.noNetnsQuit(); }

    public void configNet() { namespace.configNet(); }

    public void noCopyRoutes() {
        warnings.add("--no-copy-routes will be dropped soon");
        ip4.noCopyRoutes = ip6.noCopyRoutes = noCopyRoutesGiven = true;
    }

    public void noCopyAddrs() {
        warnings.add("--no-copy-addrs will be dropped soon");
        ip4.noCopyAddrs = ip6.noCopyAddrs = noCopyAddrsGiven = true;
    }

    public void nsMacAddress(String text) { namespace.nsMacAddress(text); }

    /** Arguments after the options: pasta's PID or command; passt takes none. */
    public void positional(List<String> args) { namespace.positional(args); }

    // ---- result

    public Config build() {
        List<String> positional = namespace.positional();
        boolean configNet = namespace.configNetGiven();
        if (mode == Mode.PASST && !positional.isEmpty()) {
            throw new ConfigException("Extra non-option argument: " + positional.get(0));
        }
        if (mode == Mode.PASTA && !configNet) {
            if (noCopyRoutesGiven) {
                throw new ConfigException("--no-copy-routes needs --config-net");
            }
            if (noCopyAddrsGiven) {
                throw new ConfigException("--no-copy-addrs needs --config-net");
            }
        }
        if (spliceOnly) {
            if (mode != Mode.PASTA) {
                throw new ConfigException("--splice-only is for pasta mode only");
            }
            if (noSplice) {
                throw new ConfigException("--splice-only is incompatible with --no-splice");
            }
            hostLoToNsLo = true; // nothing but the namespace's lo to deliver to
            noIcmp = true;
        }
        // a table every few seconds is for a terminal: pasta running a command is in front too
        boolean inFront = foreground || (mode == Mode.PASTA && namespace.runsCommand());
        if (statsSeconds > 0 && !inFront) {
            throw new ConfigException("--stats needs the foreground: add -f");
        }
        Forwarding forwarding = forwarding();

        if (dnsNoneGiven) { // "-D none" turns DNS off altogether, forwarding included
            clearBoth(AddressRole.DNS_FORWARD);
            clearBoth(AddressRole.DNS_HOST);
        }
        PastaConfig pasta = mode == Mode.PASTA ? namespace.build(spliceOnly)
                : new PastaConfig(Optional.empty(), Optional.empty(), Optional.empty(), false, false, false,
                        OptionalInt.empty(), List.of(), Optional.empty(), false);
        return new Config(mode, new LogConfig(debug, trace, quiet, foreground, logFile, logSize, statsSeconds), pcap, pidFile, mtu,
                prefixLength, mac, interfaceName, ip4.build(), ip6.build(), ipVersions,
                new DnsConfig(dnsServers, dnsDisabled, search, searchDisabled, dhcpDns, dhcpSearch),
                new Features(noTcp, noUdp, noIcmp, noDhcp, noNdp || noIcmp, noDhcpv6, // NDP is ICMPv6
                        noRa || (mode == Mode.PASTA && configNet), // addresses are set directly then
                        noMapGw, freebind, noSplice || mode == Mode.PASST, hostLoToNsLo),
                hostname, fqdn, runas, new PasstConfig(socketPath, fd, oneOff, vhostUser), pasta, forwarding);
    }

    /**
     * The rule tables of the forwarding options, read in the order given, as upstream reads
     * them after every other option: the tables' capabilities (IP versions, protocols) must be
     * known first. pasta's options not given follow the other side ({@code auto}).
     */
    private Forwarding forwarding() {
        disabledProtocolCheck(noTcp, "TCP", ForwardOption.TCP_IN, ForwardOption.TCP_OUT);
        disabledProtocolCheck(noUdp, "UDP", ForwardOption.UDP_IN, ForwardOption.UDP_OUT);
        boolean pasta = mode == Mode.PASTA;
        int caps = (ipVersions.ipv4() ? RuleTable.CAP_IPV4 : 0) | (ipVersions.ipv6() ? RuleTable.CAP_IPV6 : 0)
                | (noTcp ? 0 : RuleTable.CAP_TCP) | (noUdp ? 0 : RuleTable.CAP_UDP)
                | (pasta ? RuleTable.CAP_SCAN : 0) | RuleTable.CAP_IFNAME;
        RuleTable host = new RuleTable(caps);
        RuleTable splice = pasta ? new RuleTable(caps) : null;
        RuleParser parser = RuleParser.forThisHost();
        Set<ForwardOption> given = EnumSet.noneOf(ForwardOption.class);
        for (Map.Entry<ForwardOption, String> f : forwards) {
            ForwardOption o = f.getKey();
            given.add(o);
            RuleTable t = o.inbound() ? host : splice;
            if (t == null) {
                throw new ConfigException(o.flag() + " is for pasta mode only");
            }
            parser.parse(o.letter(), false, f.getValue(), t);
        }
        if (pasta) {
            for (ForwardOption o : ForwardOption.values()) {
                boolean off = o.tcp() ? noTcp : noUdp;
                if (!given.contains(o) && !off && (o.inbound() || !noSplice)) {
                    parser.parse(o.letter(), false, "auto", o.inbound() ? host : splice);
                }
            }
        }
        return new Forwarding(host, splice, controlPath);
    }

    private void disabledProtocolCheck(boolean disabled, String name, ForwardOption inOption, ForwardOption outOption) {
        boolean requested = forwards.stream().anyMatch(f -> (f.getKey() == inOption || f.getKey() == outOption)
                && !f.getValue().equals("none"));
        if (disabled && requested) {
            throw new ConfigException(name + " port forwarding requested but " + name + " is disabled");
        }
    }

    // ---- helpers

    private InetAddress set(AddressRole role, String text) {
        InetAddress a = role.parse(text);
        if (!ip4.offer(role, a)) {
            ip6.offer(role, a);
        }
        return a;
    }

    private void clearBoth(AddressRole role) {
        ip4.clear(role);
        ip6.clear(role);
    }

    private FamilySettings<?> family(InetAddress a) {
        return a instanceof Inet4Address ? ip4 : ip6;
    }
}

package io.jpasst.engine.control.conf;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Reads the values of one forwarding option ({@code -t}, {@code -u}, {@code -T}, {@code -U}),
 * given any number of times, into a {@link ForwardSpec}.
 *
 * <p>Syntax of one value: {@code none}, {@code auto} (pasta), {@code all} (passt), or
 * {@code [ADDR][%IFNAME]/}{@code ITEM[,ITEM]...} where an item is {@code [~]FIRST[-LAST]}
 * optionally followed by {@code :TFIRST[-TLAST]} of equal length. Exclusions ({@code ~}) apply
 * to the ranges of the same value; a value made only of exclusions means every port but those.
 * Several values add up; mixing a keyword with anything else is an error, as in the C tools.
 */
public final class ForwardSpecBuilder {
    private static final int PORTS = PortRange.MAX_PORT + 1;
    private static final int IFNAMSIZ = 16;

    private final Mode mode;
    private final ForwardOption option;
    private ForwardMode chosen;
    private final List<ForwardRule> rules = new ArrayList<>();
    private final BitSet forwarded = new BitSet(PORTS);
    private char[] ruleOfPort;
    private boolean bestEffort;

    public ForwardSpecBuilder(Mode mode, ForwardOption option) {
        this.mode = mode;
        this.option = option;
    }

    /** Convenience for tests and callers with all values at hand. */
    public static ForwardSpec parse(Mode mode, ForwardOption option, String... values) {
        ForwardSpecBuilder b = new ForwardSpecBuilder(mode, option);
        for (String v : values) {
            b.add(v);
        }
        return b.build(ForwardMode.NONE);
    }

    /**
     * The forwarding of one protocol that a rule table holds, in the per-port form the data
     * path looks up: nothing, {@code auto} when every rule follows the other side's bound
     * ports, else each rule's ports (best effort if any rule is). Target addresses are not
     * carried: the data path delivers to the guest's address.
     */
    public static ForwardSpec fromRules(Mode mode, ForwardOption option, java.util.List<io.jpasst.engine.flow.rules.Rule> rules) {
        int proto = option == ForwardOption.TCP_IN || option == ForwardOption.TCP_OUT
                ? io.jpasst.engine.flow.rules.Rule.TCP : io.jpasst.engine.flow.rules.Rule.UDP;
        ForwardSpecBuilder b = new ForwardSpecBuilder(mode, option);
        boolean allScan = true;
        for (io.jpasst.engine.flow.rules.Rule r : rules) {
            if (r.proto() != proto) {
                continue;
            }
            allScan &= (r.flags() & io.jpasst.engine.flow.rules.Rule.SCAN) != 0;
            Optional<InetAddress> bind = r.dualStackAny() ? Optional.empty()
                    : Optional.of(io.jpasst.engine.flow.rules.Addresses.toInet(r.addr()));
            Optional<String> ifname = r.ifname().isEmpty() || option.inbound() == false
                    ? Optional.empty() : Optional.of(r.ifname());
            b.chosen = ForwardMode.EXPLICIT;
            b.addRule(new ForwardRule(bind, ifname, new PortRange(r.first(), r.last()), r.to()), null);
            b.bestEffort |= (r.flags() & io.jpasst.engine.flow.rules.Rule.WEAK) != 0;
        }
        if (b.chosen == null) {
            return ForwardSpec.NONE;
        }
        return allScan ? ForwardSpec.AUTO : b.build(ForwardMode.NONE);
    }

    /** Whether the option was given at all. */
    public boolean isSet() {
        return chosen != null;
    }

    public ForwardSpecBuilder add(String value) {
        switch (value) {
            case "none" -> keyword(ForwardMode.NONE, value);
            case "auto" -> {
                if (mode != Mode.PASTA) {
                    throw new ConfigException("'auto' port forwarding is only allowed for pasta");
                }
                keyword(ForwardMode.AUTO, value);
            }
            case "all" -> {
                if (mode != Mode.PASST) {
                    throw new ConfigException("'all' port forwarding is only allowed for passt");
                }
                keyword(ForwardMode.ALL, value);
                addRule(new ForwardRule(Optional.empty(), Optional.empty(), new PortRange(1, PortRange.MAX_PORT), 1), null);
                bestEffort = true;
            }
            default -> explicit(value);
        }
        return this;
    }

    /** The table; {@code defaultMode} (NONE or AUTO) applies when the option was never given. */
    public ForwardSpec build(ForwardMode defaultMode) {
        if (chosen == null) {
            return defaultMode == ForwardMode.AUTO ? ForwardSpec.AUTO : ForwardSpec.NONE;
        }
        if (chosen == ForwardMode.NONE) {
            return ForwardSpec.NONE;
        }
        if (chosen == ForwardMode.AUTO) {
            return ForwardSpec.AUTO;
        }
        return new ForwardSpec(chosen, rules, forwarded, ruleOfPort, bestEffort);
    }

    private void keyword(ForwardMode m, String value) {
        if (chosen != null) {
            throw new ConfigException("Port forwarding mode '" + value + "' for " + option.flag()
                    + " conflicts with previous mode");
        }
        chosen = m;
    }

    private void explicit(String value) {
        if (chosen != null && chosen != ForwardMode.EXPLICIT) {
            throw new ConfigException("Specific ports for " + option.flag()
                    + " cannot be given together with all/none/auto");
        }
        chosen = ForwardMode.EXPLICIT;

        Optional<InetAddress> address = Optional.empty();
        Optional<String> ifname = Optional.empty();
        String ports = value;
        int slash = value.indexOf('/');
        if (slash >= 0) {
            if (!option.inbound()) {
                throw bad(value, "a bind address or interface is only allowed for -t and -u");
            }
            String bind = value.substring(0, slash);
            ports = value.substring(slash + 1);
            int percent = bind.indexOf('%');
            if (percent >= 0) {
                String name = bind.substring(percent + 1);
                if (name.isEmpty() || name.length() >= IFNAMSIZ) {
                    throw bad(value, "invalid interface name '" + name + "'");
                }
                ifname = Optional.of(name);
                bind = bind.substring(0, percent);
            }
            if (!bind.isEmpty() || ifname.isEmpty()) {
                address = Optional.of(bindAddress(value, bind));
            }
        }

        BitSet excluded = new BitSet(PORTS);
        List<PortRange[]> mappings = new ArrayList<>();
        for (String item : ports.split(",", -1)) {
            if (item.startsWith("~")) {
                PortRange x = range(value, item.substring(1));
                if (excluded.get(x.first(), x.last() + 1).cardinality() > 0) {
                    throw bad(value, "overlapping excluded ranges");
                }
                excluded.set(x.first(), x.last() + 1);
            } else {
                mappings.add(mapping(value, item));
            }
        }

        if (mappings.isEmpty()) {
            // Only exclusions: everything else, port 0 never (it means "any" to socket APIs)
            PortRange all = new PortRange(1, PortRange.MAX_PORT);
            addRule(new ForwardRule(address, ifname, all, 1), excluded);
            bestEffort = true;
            return;
        }
        for (PortRange[] m : mappings) {
            addRule(new ForwardRule(address, ifname, m[0], m[1].first()), excluded);
        }
    }

    private void addRule(ForwardRule rule, BitSet excluded) {
        if (rules.size() >= Character.MAX_VALUE) {
            throw new ConfigException("Too many port forwarding rules for " + option.flag());
        }
        if (ruleOfPort == null) {
            ruleOfPort = new char[PORTS];
        }
        rules.add(rule);
        char index = (char) rules.size();
        PortRange r = rule.ports();
        for (int port = r.first(); port <= r.last(); port++) {
            if (excluded == null || !excluded.get(port)) {
                forwarded.set(port);
                ruleOfPort[port] = index;
            }
        }
    }

    private InetAddress bindAddress(String value, String text) {
        String literal = text;
        if (literal.length() >= 2 && literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        return IpLiterals.parseAny(literal)
                .orElseThrow(() -> bad(value, "invalid bind address '" + text + "'"));
    }

    /** {@code FIRST[-LAST][:TFIRST[-TLAST]]} as {source, target}. */
    private PortRange[] mapping(String value, String item) {
        int colon = item.indexOf(':');
        if (colon < 0) {
            PortRange r = range(value, item);
            return new PortRange[] {r, r};
        }
        PortRange source = range(value, item.substring(0, colon));
        PortRange target = range(value, item.substring(colon + 1));
        if (source.size() != target.size()) {
            throw bad(value, "target range " + target + " differs in length from " + source);
        }
        return new PortRange[] {source, target};
    }

    /** {@code FIRST[-LAST]}, decimal digits only. */
    private PortRange range(String value, String text) {
        if (text.isEmpty()) {
            throw bad(value, "empty port item");
        }
        int dash = text.indexOf('-');
        int first = port(value, dash < 0 ? text : text.substring(0, dash));
        int last = dash < 0 ? first : port(value, text.substring(dash + 1));
        if (last < first) {
            throw bad(value, "reversed range " + text);
        }
        return new PortRange(first, last);
    }

    private int port(String value, String digits) {
        if (digits.length() > 9 || !CNumber.isDecimalDigits(digits)) {
            throw bad(value, "'" + digits + "' is not a port number");
        }
        int port = Integer.parseInt(digits);
        if (port > PortRange.MAX_PORT) {
            throw bad(value, "port " + port + " out of range");
        }
        return port;
    }

    private ConfigException bad(String value, String why) {
        return new ConfigException("Invalid port specifier for " + option.flag() + " '" + value + "': " + why);
    }
}

package io.jpasst.engine.control.conf;

import io.jpasst.engine.flow.rules.Addresses;
import io.jpasst.engine.flow.rules.Rule;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of the rules of one protocol and direction ({@code -t}, {@code -u},
 * {@code -T} or {@code -U}) for questions about the configuration: which mode, which ports,
 * where a port goes. The data path does not use it: it looks rules up in the table itself.
 */
public final class ForwardSpec {
    private final ForwardMode mode;
    private final List<Rule> rules;

    private ForwardSpec(ForwardMode mode, List<Rule> rules) {
        this.mode = mode;
        this.rules = rules;
    }

    /** The rules of {@code option}'s protocol among {@code all} (one side's table). */
    public static ForwardSpec of(ForwardOption option, List<Rule> all) {
        int proto = option.tcp() ? Rule.TCP : Rule.UDP;
        List<Rule> mine = new ArrayList<>();
        boolean scan = true;
        boolean weak = true;
        for (Rule r : all) {
            if (r.proto() == proto) {
                mine.add(r);
                scan &= (r.flags() & Rule.SCAN) != 0;
                weak &= (r.flags() & Rule.WEAK) != 0;
            }
        }
        ForwardMode m = mine.isEmpty() ? ForwardMode.NONE : scan ? ForwardMode.AUTO
                : weak ? ForwardMode.ALL : ForwardMode.EXPLICIT;
        return new ForwardSpec(m, List.copyOf(mine));
    }

    /** NONE without rules, AUTO when all follow the other side, ALL when all are best effort. */
    public ForwardMode mode() {
        return mode;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Whether any rule is best effort (bind failures tolerated as long as one port binds). */
    public boolean bestEffort() {
        return rules.stream().anyMatch(r -> (r.flags() & Rule.WEAK) != 0);
    }

    /** Whether {@code port} is forwarded at start, not only when a scan finds it bound. */
    public boolean isForwarded(int port) {
        return rule(port) != null;
    }

    /** The ports forwarded at start (those of rules that follow a scan not included). */
    public BitSet forwardedPorts() {
        BitSet b = new BitSet(PortRange.MAX_PORT + 1);
        for (Rule r : rules) {
            if ((r.flags() & Rule.SCAN) == 0) {
                b.set(r.first(), r.last() + 1);
            }
        }
        return b;
    }

    public int forwardedCount() {
        return forwardedPorts().cardinality();
    }

    /** The listening side of the rule that forwards {@code port}, if any. */
    public Optional<ForwardRule> ruleFor(int port) {
        Rule r = rule(port);
        if (r == null) {
            return Optional.empty();
        }
        return Optional.of(new ForwardRule(r.dualStackAny() ? Optional.empty() : Optional.of(Addresses.toInet(r.addr())),
                r.ifname().isEmpty() ? Optional.empty() : Optional.of(r.ifname()),
                new PortRange(r.first(), r.last()), r.to()));
    }

    /** Where {@code port} is forwarded to on the other side, or -1 if it is not forwarded. */
    public int targetPort(int port) {
        Rule r = rule(port);
        return r == null ? -1 : r.targetOf(port);
    }

    private Rule rule(int port) {
        for (Rule r : rules) {
            if ((r.flags() & Rule.SCAN) == 0 && port >= r.first() && port <= r.last()) {
                return r;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return mode == ForwardMode.NONE ? "none" : rules.toString();
    }
}

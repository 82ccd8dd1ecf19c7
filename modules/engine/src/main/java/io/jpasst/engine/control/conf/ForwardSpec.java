package io.jpasst.engine.control.conf;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The resolved forwarding table of one protocol and direction, over all 65536 ports.
 *
 * <p>Kept compact and lookup-cheap for the data path: a {@link BitSet} of forwarded ports and,
 * per port, the index of the rule that owns it; the rule gives bind address, interface and the
 * translated target port. A later rule overrides an earlier one for the ports they share, as
 * with repeated options in the C tools. Built by {@link ForwardSpecBuilder}; immutable.
 */
public final class ForwardSpec {
    private static final int PORTS = PortRange.MAX_PORT + 1;
    /** Nothing forwarded. */
    public static final ForwardSpec NONE = new ForwardSpec(ForwardMode.NONE, List.of(), new BitSet(), null, false);
    /** Dynamic forwarding of ports found listening on the other side. */
    public static final ForwardSpec AUTO = new ForwardSpec(ForwardMode.AUTO, List.of(), new BitSet(), null, false);

    private final ForwardMode mode;
    private final List<ForwardRule> rules;
    private final BitSet forwarded;
    /** rule index + 1 per port, 0 where nothing is forwarded; null when there are no rules. */
    private final char[] ruleOfPort;
    private final boolean bestEffort;

    ForwardSpec(ForwardMode mode, List<ForwardRule> rules, BitSet forwarded, char[] ruleOfPort, boolean bestEffort) {
        this.mode = mode;
        this.rules = List.copyOf(rules);
        this.forwarded = (BitSet) forwarded.clone();
        this.ruleOfPort = ruleOfPort == null ? null : ruleOfPort.clone();
        this.bestEffort = bestEffort;
    }

    public ForwardMode mode() {
        return mode;
    }

    /** The rules in the order given; a port belongs to the last rule that names it. */
    public List<ForwardRule> rules() {
        return rules;
    }

    /**
     * True for {@code all} and for exclusion-only specs: the engine should skip ephemeral
     * ports and tolerate bind failures as long as at least one port could be bound.
     */
    public boolean bestEffort() {
        return bestEffort;
    }

    public boolean isForwarded(int port) {
        return port >= 0 && port < PORTS && forwarded.get(port);
    }

    /** A copy of the set of forwarded ports (empty for {@code none} and {@code auto}). */
    public BitSet forwardedPorts() {
        return (BitSet) forwarded.clone();
    }

    public int forwardedCount() {
        return forwarded.cardinality();
    }

    /** The rule that forwards {@code port}, if any. */
    public Optional<ForwardRule> ruleFor(int port) {
        if (!isForwarded(port)) {
            return Optional.empty();
        }
        return Optional.of(rules.get(ruleOfPort[port] - 1));
    }

    /** Where {@code port} is forwarded to on the other side, or -1 if it is not forwarded. */
    public int targetPort(int port) {
        if (!isForwarded(port)) {
            return -1;
        }
        return rules.get(ruleOfPort[port] - 1).targetOf(port);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForwardSpec other && mode == other.mode && bestEffort == other.bestEffort
                && rules.equals(other.rules) && forwarded.equals(other.forwarded)
                && Arrays.equals(ruleOfPort, other.ruleOfPort);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, rules, forwarded, bestEffort);
    }

    @Override
    public String toString() {
        return mode == ForwardMode.EXPLICIT ? "EXPLICIT" + rules + " (" + forwardedCount() + " ports)" : mode.name();
    }
}

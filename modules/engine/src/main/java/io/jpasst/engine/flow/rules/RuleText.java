package io.jpasst.engine.flow.rules;

/**
 * The one-line text of a rule, in the layout upstream's pesto lists (so that listings of both
 * implementations compare line for line): protocol, {@code [address]} ({@code *} for the
 * dual-stack wildcard), {@code %ifname}, the ports, {@code =>}, the target address and ports,
 * then the flags in words.
 */
public final class RuleText {
    private RuleText() {}

    public static String format(Rule r) {
        StringBuilder sb = new StringBuilder(64);
        sb.append(r.proto() == Rule.TCP ? "TCP" : r.proto() == Rule.UDP ? "UDP" : "?")
                .append(" [").append(r.dualStackAny() ? "*" : Addresses.text(r.addr())).append(']');
        if (!r.ifname().isEmpty()) {
            sb.append('%').append(r.ifname());
        }
        sb.append(':');
        range(sb, r.first(), r.last());
        sb.append("  =>  ");
        if (r.hasTarget()) {
            sb.append(Addresses.text(r.taddr())).append(':');
        }
        range(sb, r.to(), r.to() + r.last() - r.first());
        sb.append(' ');
        if ((r.flags() & Rule.WEAK) != 0) {
            sb.append(" (best effort)");
        }
        if ((r.flags() & Rule.SCAN) != 0) {
            sb.append(" (auto-scan)");
        }
        return sb.toString();
    }

    private static void range(StringBuilder sb, int first, int last) {
        sb.append(first);
        if (last != first) {
            sb.append('-').append(last);
        }
    }
}

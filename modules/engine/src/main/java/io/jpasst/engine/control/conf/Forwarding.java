package io.jpasst.engine.control.conf;

import io.jpasst.engine.flow.rules.RuleTable;
import java.util.Optional;

/**
 * Port forwarding: the rule tables read from {@code -t/-u} ({@code host}) and, in pasta,
 * {@code -T/-U} ({@code splice}, null in passt), the one model the listeners, {@code auto}
 * scanning and the data path work from, and the control socket's path ({@code -c}), if any.
 *
 * <p>The tables are live: pesto replaces their rules at run time, on the event loop thread,
 * which is also the only reader. {@link #get} gives a per-option view for callers that ask
 * about one protocol and direction.
 */
public record Forwarding(RuleTable host, RuleTable splice, Optional<String> controlPath) {
    public ForwardSpec tcpIn() {
        return get(ForwardOption.TCP_IN);
    }

    public ForwardSpec udpIn() {
        return get(ForwardOption.UDP_IN);
    }

    public ForwardSpec tcpOut() {
        return get(ForwardOption.TCP_OUT);
    }

    public ForwardSpec udpOut() {
        return get(ForwardOption.UDP_OUT);
    }

    /** What the table of {@code option}'s side holds for its protocol, as of now. */
    public ForwardSpec get(ForwardOption option) {
        RuleTable t = option.inbound() ? host : splice;
        return ForwardSpec.of(option, t == null ? java.util.List.of() : t.rules());
    }
}

package io.jpasst.engine.control.conf;

import java.util.List;
import java.util.Optional;

/**
 * The four forwarding tables: TCP and UDP, towards the guest and (pasta) out of the namespace;
 * the specifiers as given, in order (the rule tables pesto reads are built from them), and
 * the control socket's path ({@code -c}), if any.
 */
public record Forwarding(ForwardSpec tcpIn, ForwardSpec udpIn, ForwardSpec tcpOut, ForwardSpec udpOut,
                         List<Given> given, Optional<String> controlPath) {
    /** One {@code -t/-u/-T/-U} value as given. */
    public record Given(ForwardOption option, String spec) {}

    public Forwarding {
        given = List.copyOf(given);
    }

    public ForwardSpec get(ForwardOption option) {
        return switch (option) {
            case TCP_IN -> tcpIn;
            case UDP_IN -> udpIn;
            case TCP_OUT -> tcpOut;
            case UDP_OUT -> udpOut;
        };
    }
}

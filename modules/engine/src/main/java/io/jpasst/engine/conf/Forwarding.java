package io.jpasst.engine.conf;

/** The four forwarding tables: TCP and UDP, towards the guest and (pasta) out of the namespace. */
public record Forwarding(ForwardSpec tcpIn, ForwardSpec udpIn, ForwardSpec tcpOut, ForwardSpec udpOut) {
    public ForwardSpec get(ForwardOption option) {
        return switch (option) {
            case TCP_IN -> tcpIn;
            case UDP_IN -> udpIn;
            case TCP_OUT -> tcpOut;
            case UDP_OUT -> udpOut;
        };
    }
}

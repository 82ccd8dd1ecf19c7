package io.jpasst.engine.control.conf;

/** The four forwarding options: protocol times direction. Inbound means host to guest. */
public enum ForwardOption {
    TCP_IN('t', "tcp-ports", true),
    UDP_IN('u', "udp-ports", true),
    TCP_OUT('T', "tcp-ns", false),
    UDP_OUT('U', "udp-ns", false);

    private final char letter;
    private final String longName;
    private final boolean inbound;

    ForwardOption(char letter, String longName, boolean inbound) {
        this.letter = letter;
        this.longName = longName;
        this.inbound = inbound;
    }

    /** The option as written on the command line, e.g. {@code -t}. */
    public String flag() {
        return "-" + letter;
    }

    public String longName() {
        return longName;
    }

    /** Whether ports are bound on the host (so a bind address or interface may be given). */
    public boolean inbound() {
        return inbound;
    }

    /** The option letter: t, u, T or U. */
    public char letter() {
        return letter;
    }

    public boolean tcp() {
        return this == TCP_IN || this == TCP_OUT;
    }
}

package io.jpasst.engine.flow.fwd;

/** Where a listening socket lives: the host's namespace ({@code -t/-u}) or the target's ({@code -T/-U}). */
public enum Side {
    HOST,
    NAMESPACE;

    /** The side a connection accepted here is forwarded to. */
    public Side other() {
        return this == HOST ? NAMESPACE : HOST;
    }
}

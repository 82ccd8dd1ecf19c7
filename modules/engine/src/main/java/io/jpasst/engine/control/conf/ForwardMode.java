package io.jpasst.engine.control.conf;

/** How ports of one protocol and direction are chosen for forwarding. */
public enum ForwardMode {
    /** Nothing is forwarded. */
    NONE,
    /** passt only: every port that is free and not ephemeral, bind failures tolerated. */
    ALL,
    /** pasta only: follow the ports the other side listens on, rescanned periodically. */
    AUTO,
    /** The listed ports (or everything except the listed exclusions). */
    EXPLICIT
}

package io.jpasst.engine.control.conf;

/** Which IP versions run: both unless {@code -4} or {@code -6} narrows it. */
public enum IpVersions {
    BOTH, IPV4_ONLY, IPV6_ONLY;

    public boolean ipv4() {
        return this != IPV6_ONLY;
    }

    public boolean ipv6() {
        return this != IPV4_ONLY;
    }
}

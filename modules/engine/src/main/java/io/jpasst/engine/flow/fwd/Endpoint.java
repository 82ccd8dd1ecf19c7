package io.jpasst.engine.flow.fwd;

/**
 * One listening socket to open: family, address (null for the wildcard), whether an IPv6
 * socket is v6-only, an optional interface for SO_BINDTODEVICE, and the port.
 *
 * <p>{@code slot} tells the two sockets a port may have apart: 0 for the IPv4 (or dual-stack)
 * one, 1 for the IPv6-only one; {@code rule}, the index of the rule it serves in its table.
 */
public record Endpoint(boolean ipv6, byte[] address, boolean v6only, String iface, int port, int slot, int rule) {
    public static final int SLOT_V4_OR_DUAL = 0;
    public static final int SLOT_V6 = 1;

    @Override
    public String toString() {
        String a = address == null ? (ipv6 ? (v6only ? "[::]" : "[::]/dual") : "0.0.0.0") : literal();
        return a + (iface == null ? "" : "%" + iface) + ":" + port;
    }

    private String literal() {
        try {
            String s = java.net.InetAddress.getByAddress(address).getHostAddress();
            return ipv6 ? "[" + s + "]" : s;
        } catch (java.net.UnknownHostException e) {
            return "?";
        }
    }
}

package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Sock;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** IPv4 or IPv6: the address family number netlink uses and the address length. */
public enum IpFamily {
    IPV4(Sock.AF_INET, 4, "IPv4"),
    IPV6(Sock.AF_INET6, 16, "IPv6");

    private final int af;
    private final int addressLength;
    private final String label;

    IpFamily(int af, int addressLength, String label) {
        this.af = af;
        this.addressLength = addressLength;
        this.label = label;
    }

    public int af() {
        return af;
    }

    public int addressLength() {
        return addressLength;
    }

    /** The family of a kernel AF_* number, or null for any other family. */
    public static IpFamily ofAf(int af) {
        for (IpFamily f : values()) {
            if (f.af == af) {
                return f;
            }
        }
        return null;
    }

    public static IpFamily of(InetAddress a) {
        if (a instanceof Inet4Address) {
            return IPV4;
        }
        if (a instanceof Inet6Address) {
            return IPV6;
        }
        throw new IllegalArgumentException("not an IP address: " + a);
    }

    @Override
    public String toString() {
        return label;
    }
}

package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Rtnl;
import java.net.InetAddress;

/**
 * An address assigned to an interface (RTM_NEWADDR).
 *
 * @param flags the 32-bit IFA_FLAGS value when present, else the 8-bit ifa_flags
 */
public record IfAddress(int index, InetAddress address, int prefixLength, int scope, int flags) {
    public IpFamily family() {
        return IpFamily.of(address);
    }

    public boolean isLinkLocal() {
        return address.isLinkLocalAddress();
    }

    public boolean isDeprecated() {
        return (flags & Rtnl.IFA_F_DEPRECATED) != 0;
    }

    @Override
    public String toString() {
        return IpText.prefix(address, prefixLength);
    }
}

package io.jpasst.engine.control.netlink;

import io.jpasst.engine.control.conf.MacAddress;

/**
 * Everything {@code --config-net} applies to the namespace's tap interface besides what comes
 * from the host.
 *
 * @param mtu   MTU to set on the tap, or 0 to leave the driver's
 * @param tapMac MAC to set on the tap ({@code --ns-mac-addr}), or null to keep the driver's
 */
public record NamespaceSettings(FamilySettings ipv4, FamilySettings ipv6, int mtu,
                                MacAddress tapMac) {
    public FamilySettings of(IpFamily family) {
        return family == IpFamily.IPV4 ? ipv4 : ipv6;
    }
}

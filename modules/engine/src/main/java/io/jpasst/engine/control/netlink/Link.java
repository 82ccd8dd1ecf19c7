package io.jpasst.engine.control.netlink;

import io.jpasst.engine.control.conf.MacAddress;
import io.jpasst.sys.Tun;
/**
 * A network interface as RTM_NEWLINK describes it.
 *
 * @param mac null for links without an Ethernet address (lo has one of zeros, tun none)
 */
public record Link(int index, String name, int flags, int mtu, MacAddress mac) {
    public boolean isUp() {
        return (flags & Tun.IFF_UP) != 0;
    }
}

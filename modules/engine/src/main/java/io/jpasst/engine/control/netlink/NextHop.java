package io.jpasst.engine.control.netlink;

import java.net.InetAddress;

/**
 * One path of a multipath route.
 *
 * @param gateway null for a direct path
 * @param weight  rtnh_hops + 1, the kernel's relative weight (1 to 256)
 */
public record NextHop(int ifIndex, InetAddress gateway, int weight, int flags) {
    public NextHop withIfIndex(int newIndex) {
        return new NextHop(newIndex, gateway, weight, flags);
    }
}

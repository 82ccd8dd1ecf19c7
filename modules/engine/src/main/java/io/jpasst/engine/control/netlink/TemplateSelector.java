package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Rtnl;

import java.util.List;

/**
 * Picks the host interface that addresses and routes are derived from, for one IP version,
 * when the user named none: the interface of the first default route (of its preferred path
 * if multipath); failing that, the only interface that has routes at all. Routes towards
 * link-local prefixes say nothing about connectivity and are ignored.
 */
final class TemplateSelector {
    private TemplateSelector() {}

    /** The chosen interface index, or 0 if there is none (or no single one). */
    static int select(List<Route> routes) {
        int single = 0;
        boolean several = false;
        for (Route r : routes) {
            if (!counts(r)) {
                continue;
            }
            int ifIndex = r.outputInterface();
            if (r.isDefault()) {
                return ifIndex;
            }
            if (single == 0) {
                single = ifIndex;
            } else if (single != ifIndex) {
                several = true;
            }
        }
        return several ? 0 : single;
    }

    private static boolean counts(Route r) {
        if (r.table() != Rtnl.RT_TABLE_MAIN || r.type() != Rtnl.RTN_UNICAST
                || r.outputInterface() == 0) {
            return false;
        }
        return !isLinkLocalPrefix(r);
    }

    /** 169.254.0.0/16 or fe80::/10, or anything inside them. */
    static boolean isLinkLocalPrefix(Route r) {
        if (r.destination() == null) {
            return false;
        }
        int minPrefix = r.family() == IpFamily.IPV4 ? 16 : 10;
        return r.prefixLength() >= minPrefix && r.destination().isLinkLocalAddress();
    }
}

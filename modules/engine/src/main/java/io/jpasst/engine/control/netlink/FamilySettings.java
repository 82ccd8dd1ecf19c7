package io.jpasst.engine.control.netlink;

import java.net.InetAddress;

/**
 * The user's choices for one IP version in the namespace (from {@code -a}, {@code -n},
 * {@code -g}, {@code --no-copy-addrs}, {@code --no-copy-routes}, {@code -4}/{@code -6}).
 *
 * @param address      explicit address, or null to take the host's
 * @param prefixLength explicit prefix length, or -1 for the default
 * @param gateway      explicit gateway, or null to take the host's
 */
public record FamilySettings(boolean enabled, InetAddress address, int prefixLength,
                             InetAddress gateway, boolean noCopyAddrs, boolean noCopyRoutes) {
    /** Everything from the host: copy its addresses and routes. */
    public static final FamilySettings COPY_FROM_HOST =
            new FamilySettings(true, null, -1, null, false, false);
    public static final FamilySettings DISABLED =
            new FamilySettings(false, null, -1, null, false, false);

    /** An explicit address means a single address; an explicit gateway a single route. */
    boolean copiesAddresses() {
        return !noCopyAddrs && address == null;
    }

    boolean copiesRoutes() {
        return !noCopyRoutes && gateway == null;
    }
}

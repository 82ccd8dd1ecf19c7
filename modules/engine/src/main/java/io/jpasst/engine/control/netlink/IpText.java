package io.jpasst.engine.control.netlink;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Addresses as people write them: {@code InetAddress.getHostAddress()} prints IPv6 without
 * zero compression, which makes warning lines hard to match against {@code ip route}.
 */
public final class IpText {
    private IpText() {}

    /** Dotted quad for IPv4; RFC 5952 form (longest zero run as ::) for IPv6. */
    public static String of(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    static String prefix(InetAddress a, int prefixLength) {
        return of(a) + "/" + prefixLength;
    }
}

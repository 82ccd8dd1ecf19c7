package io.jpasst.engine.flow.rules;

import io.jpasst.engine.control.conf.IpLiterals;
import java.util.Optional;

/** Address and port-range literals of forwarding specifiers, without any name lookup. */
final class Literals {
    private Literals() {}

    /** An IPv4 or IPv6 literal, optionally in brackets, as 16 bytes; null if it is not one. */
    static byte[] address(String text) {
        String t = text;
        if (t.length() >= 2 && t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty()) {
            return null;
        }
        Optional<? extends java.net.InetAddress> a = t.indexOf(':') >= 0 ? IpLiterals.parse6(t) : IpLiterals.parse4(t);
        return a.map(Addresses::of).orElse(null);
    }

    /** {@code FIRST[-LAST]} in decimal, within 0..65535 and not reversed, as {first, last}; or null. */
    static int[] range(String text) {
        int dash = text.indexOf('-');
        int first = port(dash < 0 ? text : text.substring(0, dash));
        int last = dash < 0 ? first : port(text.substring(dash + 1));
        return first < 0 || last < first ? null : new int[] {first, last};
    }

    private static int port(String digits) {
        if (digits.isEmpty() || digits.length() > 5) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        int p = Integer.parseInt(digits);
        return p > 65535 ? -1 : p;
    }
}

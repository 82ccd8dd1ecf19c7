package io.jpasst.engine.control.conf;

import java.net.Inet4Address;
import java.util.Optional;

/** Reads an IPv4 netmask given either as dotted decimal or as a number of prefix bits. */
public final class Netmask {
    private Netmask() {}

    /** Prefix length 0..32 of {@code text}; a dotted mask must have contiguous one bits. */
    public static int prefixLength(String text) {
        Optional<Inet4Address> dotted = IpLiterals.parse4(text);
        if (dotted.isPresent()) {
            byte[] b = dotted.get().getAddress();
            int mask = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
            int len = Integer.bitCount(mask);
            int contiguous = len == 0 ? 0 : -1 << (32 - len);
            if (mask == contiguous) {
                return len;
            }
            throw invalid(text);
        }
        long len = CNumber.parseOr(text, -1);
        if (len < 0 || len > 32) {
            throw invalid(text);
        }
        return (int) len;
    }

    private static ConfigException invalid(String text) {
        return new ConfigException("Invalid netmask: " + text);
    }
}

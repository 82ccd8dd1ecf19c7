package io.jpasst.engine.control.conf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Numeric IP address literals, as {@code inet_pton} accepts them: never a DNS lookup, no
 * brackets, no zone index, and for IPv4 only the four-part dotted decimal form (the JDK's
 * {@code ofLiteral} would also take BSD short forms such as {@code 127.1}).
 */
public final class IpLiterals {
    private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpLiterals() {}

    /** {@code text} as an IPv4 address, or empty when it is not a dotted quad. */
    public static Optional<Inet4Address> parse4(String text) {
        if (!DOTTED_QUAD.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Inet4Address.ofLiteral(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // an octet above 255
        }
    }

    /**
     * {@code text} as an IPv6 address, or empty. IPv4-mapped literals are kept as IPv6 addresses
     * (the JDK would turn them into IPv4 ones) so that callers can reject them explicitly.
     */
    public static Optional<Inet6Address> parse6(String text) {
        if (text.indexOf(':') < 0 || !IPV6_CHARS.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            InetAddress parsed = Inet6Address.ofLiteral(text);
            if (parsed instanceof Inet6Address v6) {
                return Optional.of(v6);
            }
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(parsed.getAddress(), 0, mapped, 12, 4);
            return Optional.of(Inet6Address.getByAddress(null, mapped, -1));
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** {@code text} as either family, IPv6 tried first like the C tools do. */
    public static Optional<InetAddress> parseAny(String text) {
        Optional<? extends InetAddress> v6 = parse6(text);
        return v6.isPresent() ? Optional.of(v6.get()) : parse4(text).map(InetAddress.class::cast);
    }

    /** 255.255.255.255 */
    public static boolean isBroadcast(Inet4Address a) {
        for (byte b : a.getAddress()) {
            if (b != (byte) 0xff) {
                return false;
            }
        }
        return true;
    }

    /** ::ffff:a.b.c.d */
    public static boolean isV4Mapped(Inet6Address a) {
        byte[] b = a.getAddress();
        return zeros(b, 0, 10) && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    /** ::a.b.c.d (deprecated IPv4-compatible form), excluding :: and ::1 */
    public static boolean isV4Compatible(Inet6Address a) {
        byte[] b = a.getAddress();
        return zeros(b, 0, 12) && !zeros(b, 12, 15);
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}

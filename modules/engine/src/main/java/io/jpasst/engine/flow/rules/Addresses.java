package io.jpasst.engine.flow.rules;

import io.jpasst.engine.flow.nat.HiLo;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** 16-byte addresses as rules hold them: IPv6, or IPv4 mapped into ::ffff:0:0/96. */
public final class Addresses {
    /** :: (also what a rule without target address carries). */
    public static final byte[] ANY6 = new byte[16];
    /** ::ffff:0.0.0.0 */
    public static final byte[] ANY4 = mapped(0);
    public static final byte[] LOOPBACK4 = mapped(HiLo.LOOPBACK4);
    public static final byte[] LOOPBACK6 = loopback6();

    private Addresses() {}

    public static byte[] mapped(int v4) {
        byte[] a = new byte[16];
        a[10] = (byte) 0xff;
        a[11] = (byte) 0xff;
        a[12] = (byte) (v4 >>> 24);
        a[13] = (byte) (v4 >>> 16);
        a[14] = (byte) (v4 >>> 8);
        a[15] = (byte) v4;
        return a;
    }

    private static byte[] loopback6() {
        byte[] a = new byte[16];
        a[15] = 1;
        return a;
    }

    public static boolean isV4(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    /** :: or ::ffff:0.0.0.0 */
    public static boolean isUnspecified(byte[] a) {
        for (int i = 0; i < 16; i++) {
            if (a[i] != 0 && !(isV4(a) && i >= 10 && i <= 11)) {
                return false;
            }
        }
        return true;
    }

    public static boolean isMulticast(byte[] a) {
        return isV4(a) ? (a[12] & 0xf0) == 0xe0 : a[0] == (byte) 0xff;
    }

    /**
     * Whether listening on {@code a} and on {@code b} (null: any address of either family) can
     * catch the same packet: equal, or one of them a wildcard of the other's family.
     */
    static boolean overlap(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return true;
        }
        if (isV4(a) != isV4(b)) {
            return false;
        }
        return isUnspecified(a) || isUnspecified(b) || java.util.Arrays.equals(a, b);
    }

    public static byte[] of(InetAddress address) {
        byte[] raw = address.getAddress();
        if (address instanceof Inet4Address) {
            return mapped(java.nio.ByteBuffer.wrap(raw).getInt());
        }
        return raw;
    }

    /** The address as Java sees it: an {@link Inet4Address} for a mapped one. */
    public static InetAddress toInet(byte[] a) {
        try {
            return isV4(a) ? InetAddress.getByAddress(java.util.Arrays.copyOfRange(a, 12, 16))
                    : Inet6Address.getByAddress(null, a, null);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Text as inet_ntop writes it: dotted quad for mapped IPv4, RFC 5952 IPv6 otherwise. */
    public static String text(byte[] a) {
        if (isV4(a)) {
            return (a[12] & 0xff) + "." + (a[13] & 0xff) + "." + (a[14] & 0xff) + "." + (a[15] & 0xff);
        }
        return io.jpasst.engine.control.netlink.IpText.of(toInet(a));
    }
}

package io.jpasst.engine.proto.tcp;

/**
 * TCP sequence-number arithmetic modulo 2^32 (RFC 793 3.3, RFC 1982): numbers are kept in
 * {@code int}s and compared by the sign of their difference, so ordering survives wraparound
 * as long as the two are less than 2^31 apart, which TCP windows guarantee.
 */
public final class Seq {
    private Seq() {}

    /** {@code b - a} as a signed distance. */
    public static int diff(int b, int a) {
        return b - a;
    }

    public static boolean lt(int a, int b) {
        return a - b < 0;
    }

    public static boolean le(int a, int b) {
        return a - b <= 0;
    }

    public static boolean gt(int a, int b) {
        return a - b > 0;
    }

    public static boolean ge(int a, int b) {
        return a - b >= 0;
    }

    /** True when {@code lo <= x <= hi} on the circle starting at {@code lo}. */
    public static boolean between(int x, int lo, int hi) {
        return Integer.compareUnsigned(x - lo, hi - lo) <= 0;
    }
}

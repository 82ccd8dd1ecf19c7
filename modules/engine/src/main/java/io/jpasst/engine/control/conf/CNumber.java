package io.jpasst.engine.control.conf;

/**
 * Integer literals as C tools read them ({@code strtol(s, NULL, 0)}): {@code 0x} prefix means
 * hexadecimal, a leading {@code 0} octal, otherwise decimal. Unlike strtol the whole string
 * must be a number: trailing garbage is rejected rather than silently ignored.
 */
final class CNumber {
    private CNumber() {}

    /** The value of {@code text}, or throws {@link NumberFormatException}. */
    static long parse(String text) {
        String s = text.strip();
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        int radix = 10;
        if (s.length() > 2 && (s.startsWith("0x") || s.startsWith("0X"))) {
            radix = 16;
            s = s.substring(2);
        } else if (s.length() > 1 && s.startsWith("0")) {
            radix = 8;
            s = s.substring(1);
        }
        if (s.isEmpty() || s.charAt(0) == '-' || s.charAt(0) == '+') {
            throw new NumberFormatException(text);
        }
        long value = Long.parseLong(s, radix);
        return negative ? -value : value;
    }

    /** Whether {@code text} is non-empty and only ASCII decimal digits (no sign, no spaces). */
    static boolean isDecimalDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Like {@link #parse} but any failure, including overflow, gives {@code fallback}. */
    static long parseOr(String text, long fallback) {
        try {
            return parse(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}

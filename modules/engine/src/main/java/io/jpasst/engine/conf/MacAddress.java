package io.jpasst.engine.conf;

import java.util.HexFormat;

/** A 48-bit Ethernet address, held in the low bits of a {@code long} so it compares by value. */
public record MacAddress(long bits) {
    public MacAddress {
        if ((bits >>> 48) != 0) {
            throw new IllegalArgumentException("more than 48 bits: " + Long.toHexString(bits));
        }
    }

    /** Parses exactly six colon-separated pairs of hex digits, e.g. {@code 52:54:00:01:02:03}. */
    public static MacAddress parse(String text) {
        if (text.length() != 17) {
            throw new ConfigException("Invalid MAC address: " + text);
        }
        long bits = 0;
        for (int i = 0; i < 6; i++) {
            int at = i * 3;
            if (i < 5 && text.charAt(at + 2) != ':') {
                throw new ConfigException("Invalid MAC address: " + text);
            }
            int hi = Character.digit(text.charAt(at), 16);
            int lo = Character.digit(text.charAt(at + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new ConfigException("Invalid MAC address: " + text);
            }
            bits = bits << 8 | hi << 4 | lo;
        }
        return new MacAddress(bits);
    }

    /** The six octets in transmission order. */
    public byte[] toBytes() {
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) (bits >>> (40 - 8 * i));
        }
        return out;
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(toBytes());
    }
}

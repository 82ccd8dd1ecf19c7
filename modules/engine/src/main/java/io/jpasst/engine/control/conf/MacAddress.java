package io.jpasst.engine.control.conf;

import java.util.HexFormat;

/**
 * A 48-bit Ethernet address, held in the low bits of a {@code long} so it compares by value.
 * The one MAC type of the tool: parsed from the command line ({@code -M}, {@code --ns-mac-addr})
 * and carried in and out of rtnetlink attributes as six octets.
 */
public record MacAddress(long bits) {
    /** Octets in an Ethernet address, as in an {@code IFLA_ADDRESS} attribute. */
    public static final int LENGTH = 6;

    public MacAddress {
        if ((bits >>> 48) != 0) {
            throw new IllegalArgumentException("more than 48 bits: " + Long.toHexString(bits));
        }
    }

    /** The address whose octets, in transmission order, are {@code octets}. */
    public static MacAddress of(byte[] octets) {
        if (octets.length != LENGTH) {
            throw new IllegalArgumentException("MAC address of " + octets.length + " bytes");
        }
        long bits = 0;
        for (byte b : octets) {
            bits = bits << 8 | (b & 0xff);
        }
        return new MacAddress(bits);
    }

    /**
     * Parses exactly six colon-separated pairs of hex digits, e.g. {@code 52:54:00:01:02:03};
     * anything else is a {@link ConfigException} naming the text, as the user typed it.
     */
    public static MacAddress parse(String text) {
        if (text.length() != 3 * LENGTH - 1) {
            throw invalid(text);
        }
        long bits = 0;
        for (int i = 0; i < LENGTH; i++) {
            int at = i * 3;
            if (i < LENGTH - 1 && text.charAt(at + 2) != ':') {
                throw invalid(text);
            }
            int hi = Character.digit(text.charAt(at), 16);
            int lo = Character.digit(text.charAt(at + 1), 16);
            if (hi < 0 || lo < 0) {
                throw invalid(text);
            }
            bits = bits << 8 | hi << 4 | lo;
        }
        return new MacAddress(bits);
    }

    private static ConfigException invalid(String text) {
        return new ConfigException("Invalid MAC address: " + text);
    }

    /** The six octets in transmission order. */
    public byte[] toBytes() {
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = (byte) (bits >>> (8 * (LENGTH - 1 - i)));
        }
        return out;
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(toBytes());
    }
}

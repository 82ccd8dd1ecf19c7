package io.jpasst.engine.netlink;

import java.util.HexFormat;

/** An Ethernet address, kept as the low 48 bits of a long so records compare by value. */
public record MacAddress(long bits) {
    public static final int LENGTH = 6;

    public MacAddress {
        if ((bits & ~0xffff_ffff_ffffL) != 0) {
            throw new IllegalArgumentException("MAC address wider than 48 bits");
        }
    }

    public static MacAddress of(byte[] b) {
        if (b.length != LENGTH) {
            throw new IllegalArgumentException("MAC address of " + b.length + " bytes");
        }
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xff);
        }
        return new MacAddress(v);
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff}. */
    public static MacAddress parse(String s) {
        String[] parts = s.split(":", -1);
        if (parts.length != LENGTH) {
            throw new IllegalArgumentException("not a MAC address: " + s);
        }
        byte[] b = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 2) {
                throw new IllegalArgumentException("not a MAC address: " + s);
            }
            b[i] = (byte) HexFormat.fromHexDigits(parts[i]);
        }
        return of(b);
    }

    public byte[] bytes() {
        byte[] b = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            b[i] = (byte) (bits >>> (8 * (LENGTH - 1 - i)));
        }
        return b;
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes());
    }
}

package io.jpasst.engine.flow.rules;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The pesto configuration protocol, as upstream's pesto speaks it (all integers big-endian).
 *
 * <p>The server opens with a 20-byte hello: the magic {@code "basil:s\0"}, the protocol
 * version, the size of an interface name field (128) and IFNAMSIZ (16). Then, per interface
 * with a table: its id (one byte, never 0), a 128-byte NUL-padded name, its capabilities and
 * rule count (four bytes each), and its rules; a 0 byte ends the list. A client that only
 * reads hangs up here. To change rules it answers in the same shape without names and
 * capabilities: id, count, rules, ..., 0; each table it names is replaced as a whole.
 *
 * <p>A rule is 56 bytes: listening address (16), target address (16), interface name (16,
 * NUL-padded), first, last and target port (two bytes each), protocol, flags.
 */
public final class PestoWire {
    public static final byte[] MAGIC = "basil:s\0".getBytes(StandardCharsets.US_ASCII);
    /**
     * Upstream's 2026_07_23 build speaks version 2 (version 1 lacked the target address and is
     * refused by that pesto): we speak what the deployed client expects.
     */
    public static final int VERSION = 2;
    public static final int PIF_NAME_SIZE = 128;
    public static final int HELLO_SIZE = 20;
    public static final int RULE_SIZE = 56;
    public static final int PIF_NONE = 0;
    /** Upstream's interface ids: the host side initiates -t/-u flows, the splice side -T/-U. */
    public static final int PIF_HOST = 1;
    public static final int PIF_SPLICE = 3;

    private PestoWire() {}

    public static byte[] hello() {
        ByteArrayOutputStream b = new ByteArrayOutputStream(HELLO_SIZE);
        DataOutputStream out = new DataOutputStream(b);
        try {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(PIF_NAME_SIZE);
            out.writeInt(Rule.IFNAMSIZ);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }

    /** Checks a server's hello; null if it is one we can talk to, else why not. */
    public static String checkHello(byte[] h) {
        if (h.length != HELLO_SIZE || !java.util.Arrays.equals(h, 0, 8, MAGIC, 0, 8)) {
            return "Bad magic number from server";
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(h, 8, 12);
        int version = b.getInt();
        if (version != VERSION) {
            return "Unsupported server protocol version " + Integer.toUnsignedString(version);
        }
        if (b.getInt() != PIF_NAME_SIZE || b.getInt() != Rule.IFNAMSIZ) {
            return "Server has unexpected name field sizes";
        }
        return null;
    }

    /** One table as the server lists it: id, name, capabilities, count, rules. */
    public static void writeTable(DataOutputStream out, int pif, String name, RuleTable table) throws IOException {
        out.writeByte(pif);
        byte[] n = new byte[PIF_NAME_SIZE];
        byte[] given = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(given, 0, n, 0, Math.min(given.length, PIF_NAME_SIZE - 1));
        out.write(n);
        out.writeInt(table.caps());
        out.writeInt(table.size());
        for (int i = 0; i < table.size(); i++) {
            writeRule(out, table.get(i));
        }
    }

    /** One table as the client sends it back: id, count, rules. */
    public static void writeUpdate(DataOutputStream out, int pif, RuleTable table) throws IOException {
        out.writeByte(pif);
        out.writeInt(table.size());
        for (int i = 0; i < table.size(); i++) {
            writeRule(out, table.get(i));
        }
    }

    public static void writeRule(DataOutputStream out, Rule r) throws IOException {
        out.write(r.addr());
        out.write(r.taddr());
        byte[] name = new byte[Rule.IFNAMSIZ];
        byte[] given = r.ifname().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(given, 0, name, 0, Math.min(given.length, Rule.IFNAMSIZ - 1));
        out.write(name);
        out.writeShort(r.first());
        out.writeShort(r.last());
        out.writeShort(r.to());
        out.writeByte(r.proto());
        out.writeByte(r.flags());
    }

    /**
     * Reads one rule.
     *
     * @throws IOException on a short read, or an interface name without its terminating NUL
     */
    public static Rule readRule(DataInputStream in) throws IOException {
        byte[] addr = new byte[16];
        byte[] taddr = new byte[16];
        byte[] name = new byte[Rule.IFNAMSIZ];
        in.readFully(addr);
        in.readFully(taddr);
        in.readFully(name);
        if (name[Rule.IFNAMSIZ - 1] != 0) {
            throw new IOException("Interface name was not NULL terminated");
        }
        int len = 0;
        while (name[len] != 0) {
            len++;
        }
        int first = in.readUnsignedShort();
        int last = in.readUnsignedShort();
        int to = in.readUnsignedShort();
        int proto = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        return new Rule(addr, taddr, new String(name, 0, len, StandardCharsets.US_ASCII), first, last, to, proto, flags);
    }

    /** A NUL-padded name field, up to its first NUL. */
    public static String name(byte[] field) {
        int len = 0;
        while (len < field.length && field[len] != 0) {
            len++;
        }
        return new String(field, 0, len, StandardCharsets.US_ASCII);
    }
}

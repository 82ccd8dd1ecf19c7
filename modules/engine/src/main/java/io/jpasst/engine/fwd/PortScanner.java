package io.jpasst.engine.fwd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * Finds the ports bound on one side, for {@code auto} forwarding: the local ports of the
 * sockets in {@code /proc/.../net/{tcp,udp}{,6}} that are in the state that means "serving"
 * (TCP: LISTEN; UDP: unconnected). Reads the files of the calling thread's network
 * namespace, so the namespace side must be scanned on the namespace thread.
 *
 * <p>Runs once a second, off the data path, but the tables list every socket: after a
 * guest's SYN flood they hold thousands of lines. So they are parsed as bytes, a chunk at a
 * time, and what a scan allocates does not grow with them (as strings it made about 15 MB of
 * garbage a second with 8,000 sockets, and the heap, so the process, grew by that much).
 */
public final class PortScanner {
    /** TCP_LISTEN in the kernel's state numbering, as printed in the {@code st} column. */
    public static final int TCP_LISTEN = 0x0A;
    /** TCP_CLOSE: what an unconnected UDP socket shows. */
    public static final int UDP_UNCONNECTED = 0x07;

    private static final Path OWN_NET = Path.of("/proc/thread-self/net");
    private static final int CHUNK = 16 << 10;

    private PortScanner() {}

    /** The bound TCP (or UDP) ports of the calling thread's namespace, IPv4 and IPv6. */
    public static BitSet scan(boolean tcp) {
        String name = tcp ? "tcp" : "udp";
        Table table = new Table(tcp ? TCP_LISTEN : UDP_UNCONNECTED);
        byte[] chunk = new byte[CHUNK];
        read(OWN_NET.resolve(name), table, chunk);
        read(OWN_NET.resolve(name + "6"), table, chunk);
        return table.ports;
    }

    private static void read(Path file, Table table, byte[] chunk) {
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(chunk)) > 0; ) {
                table.feed(chunk, n);
            }
        } catch (IOException e) {
            // no IPv6 in this kernel, or no procfs: nothing bound we could see
        }
        table.endOfLine();
    }

    /**
     * Parses a whole {@code /proc/net/tcp}-style table: header line, then one socket per line,
     * {@code "sl local_address rem_address st ..."} with {@code ADDR:PORT} in hex. Lines that
     * do not have that shape are skipped.
     */
    public static BitSet parse(String table, int wantedState) {
        Table t = new Table(wantedState);
        byte[] bytes = table.getBytes(StandardCharsets.ISO_8859_1);
        t.feed(bytes, bytes.length);
        t.endOfLine();
        return t.ports;
    }

    /** The ports found so far, and the line being read (its start: the fields we need). */
    private static final class Table {
        /** Enough for the first four fields of any line (an IPv6 line's are 90 bytes). */
        private static final int LINE = 160;

        final BitSet ports = new BitSet(65536);
        private final int wantedState;
        private final byte[] line = new byte[LINE];
        /** Start and end of the first four fields of the line. */
        private final int[] bounds = new int[8];
        private int length;

        Table(int wantedState) {
            this.wantedState = wantedState;
        }

        void feed(byte[] bytes, int n) {
            for (int i = 0; i < n; i++) {
                byte b = bytes[i];
                if (b == '\n') {
                    endOfLine();
                } else if (length < LINE) {
                    line[length++] = b;
                }
            }
        }

        void endOfLine() {
            // Fields: sl ("0:"), local ADDR:PORT, remote ADDR:PORT, st.
            int field = 0;
            int i = 0;
            while (field < 4) {
                while (i < length && blank(line[i])) {
                    i++;
                }
                if (i == length) {
                    break;
                }
                bounds[2 * field] = i;
                while (i < length && !blank(line[i])) {
                    i++;
                }
                bounds[2 * field + 1] = i;
                field++;
            }
            length = 0;
            if (field < 4 || line[bounds[1] - 1] != ':') {
                return;
            }
            int colon = bounds[3] - 1;
            while (colon > bounds[2] && line[colon] != ':') {
                colon--;
            }
            int port = colon > bounds[2] ? hex(colon + 1, bounds[3]) : -1;
            if (port > 0 && port <= 65535 && hex(bounds[6], bounds[7]) == wantedState) {
                ports.set(port);
            }
        }

        private static boolean blank(byte b) {
            return b == ' ' || b == '\t' || b == '\r';
        }

        /** The hex number in line[from, to), or -1 if empty, not hex or over 16 bits. */
        private int hex(int from, int to) {
            if (from >= to || to - from > 4) {
                return -1;
            }
            int value = 0;
            for (int i = from; i < to; i++) {
                int d = Character.digit(line[i], 16);
                if (d < 0) {
                    return -1;
                }
                value = value << 4 | d;
            }
            return value;
        }
    }
}

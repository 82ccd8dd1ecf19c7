package io.jpasst.engine.fwd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * Finds the ports bound on one side, for {@code auto} forwarding: the local ports of the
 * sockets in {@code /proc/.../net/{tcp,udp}{,6}} that are in the state that means "serving"
 * (TCP: LISTEN; UDP: unconnected). Reads the files of the calling thread's network
 * namespace, so the namespace side must be scanned on the namespace thread.
 *
 * <p>Runs once a second, off the data path: plain string parsing is fine here.
 */
public final class PortScanner {
    /** TCP_LISTEN in the kernel's state numbering, as printed in the {@code st} column. */
    public static final int TCP_LISTEN = 0x0A;
    /** TCP_CLOSE: what an unconnected UDP socket shows. */
    public static final int UDP_UNCONNECTED = 0x07;

    private static final Path OWN_NET = Path.of("/proc/thread-self/net");

    private PortScanner() {}

    /** The bound TCP (or UDP) ports of the calling thread's namespace, IPv4 and IPv6. */
    public static BitSet scan(boolean tcp) {
        String name = tcp ? "tcp" : "udp";
        int state = tcp ? TCP_LISTEN : UDP_UNCONNECTED;
        BitSet ports = new BitSet(65536);
        ports.or(parse(read(OWN_NET.resolve(name)), state));
        ports.or(parse(read(OWN_NET.resolve(name + "6")), state));
        return ports;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return ""; // no IPv6 in this kernel, or no procfs: nothing bound we could see
        }
    }

    /**
     * Parses a whole {@code /proc/net/tcp}-style table: header line, then one socket per line,
     * {@code "sl local_address rem_address st ..."} with {@code ADDR:PORT} in hex. Lines that
     * do not have that shape are skipped.
     */
    public static BitSet parse(String table, int wantedState) {
        BitSet ports = new BitSet(65536);
        for (String line : table.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || !f[0].endsWith(":")) {
                continue;
            }
            int colon = f[1].lastIndexOf(':');
            if (colon < 0) {
                continue;
            }
            try {
                int port = Integer.parseInt(f[1].substring(colon + 1), 16);
                int state = Integer.parseInt(f[3], 16);
                if (state == wantedState && port > 0 && port <= 65535) {
                    ports.set(port);
                }
            } catch (NumberFormatException e) {
                // not a socket line
            }
        }
        return ports;
    }
}

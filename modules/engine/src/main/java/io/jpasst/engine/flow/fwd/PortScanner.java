package io.jpasst.engine.flow.fwd;

import io.jpasst.sys.Fd;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * Finds the ports bound on one side, for {@code auto} forwarding: the local ports of the
 * sockets in {@code /proc/thread-self/net/{tcp,udp}{,6}} that are in the state that means
 * "serving" (TCP: LISTEN; UDP: unconnected).
 *
 * <p>The files are opened once, on the thread whose network namespace they describe (an open
 * /proc/net file stays bound to that namespace), and re-read from offset 0 with {@code pread}
 * into a preallocated buffer from whichever thread scans. Lines are parsed as bytes, so a scan
 * allocates nothing: it runs once a second on the event-loop thread.
 */
public final class PortScanner implements AutoCloseable {
    /** TCP_LISTEN in the kernel's state numbering, as printed in the {@code st} column. */
    public static final int TCP_LISTEN = 0x0A;
    /** TCP_CLOSE: what an unconnected UDP socket shows. */
    public static final int UDP_UNCONNECTED = 0x07;

    private static final String OWN_NET = "/proc/thread-self/net/";
    /** Room for many lines per read; a line is about 150 bytes, so a partial one always fits. */
    private static final int BUFFER = 32 * 1024;
    /**
     * A read shorter than this was the table's end. The kernel renders these files one page
     * (at least 4 KiB) of whole lines per read and stops early only when the next line (under
     * 200 bytes) would not fit; so a read this short means no line was left. Skipping the read
     * that would return 0 matters: each read of a TCP table walks the kernel's whole
     * connection hash (tens of milliseconds on a loaded machine), and the scan runs on the
     * event loop thread every second, stalling every flow meanwhile.
     */
    static final int SHORT_READ = 3584;

    private final int[] fds;
    private final int wantedState;
    private final MemorySegment buf = Arena.ofAuto().allocate(BUFFER, 8);

    /**
     * Opens the IPv4 and IPv6 tables of TCP (or UDP) of the calling thread's namespace. A
     * table that cannot be opened (no IPv6 in this kernel, no procfs) is simply never seen.
     */
    public PortScanner(boolean tcp) {
        String name = tcp ? "tcp" : "udp";
        this.fds = new int[] {Fd.open(OWN_NET + name, Fd.O_RDONLY | Fd.O_CLOEXEC, 0),
                Fd.open(OWN_NET + name + "6", Fd.O_RDONLY | Fd.O_CLOEXEC, 0)};
        this.wantedState = tcp ? TCP_LISTEN : UDP_UNCONNECTED;
    }

    /** Adds the bound ports of both tables to {@code into} (which is not cleared first). */
    public void scan(BitSet into) {
        for (int fd : fds) {
            if (fd >= 0) {
                scan(fd, into);
            }
        }
    }

    private void scan(int fd, BitSet into) {
        long offset = 0;
        long kept = 0;
        while (true) {
            long n = Fd.pread(fd, buf, kept, BUFFER - kept, offset);
            if (n <= 0) {
                // EOF (or an error): a last line without its newline still counts
                parse(buf, 0, kept, wantedState, into, true);
                return;
            }
            offset += n;
            long end = kept + n;
            if (n < SHORT_READ) {
                parse(buf, 0, end, wantedState, into, true);
                return;
            }
            long rest = parse(buf, 0, end, wantedState, into, false);
            kept = end - rest;
            if (kept == BUFFER) {
                kept = 0; // a "line" longer than the buffer is not a socket line: skip it
            } else if (kept > 0) {
                MemorySegment.copy(buf, rest, buf, 0, kept);
            }
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < fds.length; i++) {
            if (fds[i] >= 0) {
                Fd.close(fds[i]);
                fds[i] = -1;
            }
        }
    }

    /** Parses a whole table given as text; for tests. */
    public static BitSet parse(String table, int wantedState) {
        byte[] b = table.getBytes(StandardCharsets.US_ASCII);
        MemorySegment s = MemorySegment.ofArray(b);
        BitSet ports = new BitSet(65536);
        parse(s, 0, b.length, wantedState, ports, true);
        return ports;
    }

    /**
     * Parses the complete lines of {@code s[from, to)} ({@code "sl: local_address rem_address
     * st ..."}, {@code ADDR:PORT} in hex), setting the port of each socket in {@code wantedState}.
     * Lines of any other shape (the header, garbage) are skipped. With {@code atEnd}, a last line
     * without a newline is parsed too. Returns where the first incomplete line starts.
     */
    static long parse(MemorySegment s, long from, long to, int wantedState, BitSet into, boolean atEnd) {
        long line = from;
        while (line < to) {
            long eol = line;
            while (eol < to && s.get(ValueLayout.JAVA_BYTE, eol) != '\n') {
                eol++;
            }
            if (eol == to && !atEnd) {
                return line;
            }
            int port = socketLine(s, line, eol, wantedState);
            if (port > 0) {
                into.set(port);
            }
            line = eol + 1;
        }
        return to;
    }

    /** The local port of one line if its socket is in {@code wantedState}, else -1. */
    private static int socketLine(MemorySegment s, long from, long to, int wantedState) {
        long p = skipSpaces(s, from, to);
        long f0 = p;
        p = skipField(s, p, to);
        if (p == f0 || s.get(ValueLayout.JAVA_BYTE, p - 1) != ':') {
            return -1; // the header, or not a "sl:" line
        }
        p = skipSpaces(s, p, to);
        long local = p;
        p = skipField(s, p, to);
        long colon = p - 1;
        while (colon > local && s.get(ValueLayout.JAVA_BYTE, colon) != ':') {
            colon--;
        }
        if (colon <= local) {
            return -1;
        }
        int port = hex(s, colon + 1, p);
        p = skipField(s, skipSpaces(s, p, to), to); // remote address: not needed
        long st = skipSpaces(s, p, to);
        int state = hex(s, st, skipField(s, st, to));
        return port > 0 && port <= 65535 && state == wantedState ? port : -1;
    }

    private static long skipSpaces(MemorySegment s, long p, long to) {
        long i = p;
        while (i < to && isSpace(s.get(ValueLayout.JAVA_BYTE, i))) {
            i++;
        }
        return i;
    }

    private static long skipField(MemorySegment s, long p, long to) {
        long i = p;
        while (i < to && !isSpace(s.get(ValueLayout.JAVA_BYTE, i))) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }

    /** A hexadecimal number of 1 to 7 digits filling {@code s[from, to)}, else -1. */
    private static int hex(MemorySegment s, long from, long to) {
        if (to <= from || to - from > 7) {
            return -1;
        }
        int v = 0;
        for (long i = from; i < to; i++) {
            int d = Character.digit(s.get(ValueLayout.JAVA_BYTE, i), 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }
}

package io.jpasst.engine.flow.fwd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class PortScannerTest {
    private static final String HEADER =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    @Test
    void listeningIpv4SocketsOnly() {
        String table = HEADER
                + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1 0\n"
                + "   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0\n"
                // established connection from local port 40000: not a server
                + "   2: 0100007F:9C40 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 3 1 0\n"
                // TIME_WAIT
                + "   3: 0100007F:1388 0100007F:1F90 06 00000000:00000000 00:00000000 00000000  1000        0 0 1 0\n";
        BitSet ports = PortScanner.parse(table, PortScanner.TCP_LISTEN);
        assertEquals(bits(8080, 22), ports);
    }

    @Test
    void ipv6Addresses() {
        String table = HEADER
                + "   0: 00000000000000000000000001000000:1F91 00000000000000000000000000000000:0000 0A "
                + "00000000:00000000 00:00000000 00000000  1000        0 4 1 0\n"
                + "   1: 0000000000000000FFFF00000100007F:2328 00000000000000000000000000000000:0000 0A "
                + "00000000:00000000 00:00000000 00000000  1000        0 5 1 0\n";
        assertEquals(bits(8081, 9000), PortScanner.parse(table, PortScanner.TCP_LISTEN));
    }

    @Test
    void udpUnconnectedState() {
        String table = HEADER
                + "  10: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 6 2 0 0\n"
                + "  11: 0100007F:A000 0100007F:0035 01 00000000:00000000 00:00000000 00000000     0        0 7 2 0 0\n";
        assertEquals(bits(53), PortScanner.parse(table, PortScanner.UDP_UNCONNECTED));
    }

    @Test
    void garbageIsSkipped() {
        String table = HEADER + "nonsense\n  0: zz:zz 00:00 0A\n   1: 0100007F: 0:0 0A\n   2: 0100007F:0050 x 0A\n\n";
        assertEquals(bits(80), PortScanner.parse(table, PortScanner.TCP_LISTEN));
        assertTrue(PortScanner.parse("", PortScanner.TCP_LISTEN).isEmpty());
    }

    @Test
    void longLinesAndManyLinesKeepTheirFirstFields() {
        StringBuilder table = new StringBuilder(HEADER);
        for (int i = 0; i < 20_000; i++) {
            // connecting sockets, as after a SYN flood, with a tail longer than a line buffer
            table.append("  ").append(i).append(": 0200000A:").append(String.format("%04X", 1024 + i))
                    .append(" 6300710C:2710 02 ").append("0".repeat(300)).append('\n');
        }
        table.append(" 20000: 00000000:1F90 00000000:0000 0A ").append("x".repeat(500)).append("\r\n");
        assertEquals(bits(8080), PortScanner.parse(table.toString(), PortScanner.TCP_LISTEN));
    }

    @Test
    void scansOwnNamespace() throws Exception {
        // A UDP socket bound here shows up in the live table, read through pread.
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
             PortScanner scanner = new PortScanner(false)) {
            BitSet ports = new BitSet();
            scanner.scan(ports);
            assertTrue(ports.get(s.getLocalPort()), ports::toString);
            // and again: each scan re-reads from the start
            BitSet again = new BitSet();
            scanner.scan(again);
            assertEquals(ports.get(s.getLocalPort()), again.get(s.getLocalPort()));
        }
    }

    @Test
    void linesSplitAcrossReadsAreKept() {
        String line = "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000\n";
        byte[] b = (HEADER + line).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.lang.foreign.MemorySegment s = java.lang.foreign.MemorySegment.ofArray(b);
        BitSet ports = new BitSet();
        int cut = HEADER.length() + 20;
        long rest = PortScanner.parse(s, 0, cut, PortScanner.TCP_LISTEN, ports, false);
        assertEquals(HEADER.length(), rest, "the partial line is left for the next read");
        assertTrue(ports.isEmpty());
        PortScanner.parse(s, rest, b.length, PortScanner.TCP_LISTEN, ports, false);
        assertEquals(bits(8080), ports);
    }

    private static BitSet bits(int... ports) {
        BitSet b = new BitSet();
        for (int p : ports) {
            b.set(p);
        }
        return b;
    }
}

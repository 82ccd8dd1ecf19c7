package io.jpasst.engine.proto.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timers come from the host's sysctls as the kernel reads them, with its defaults. */
class TcpTimeoutsTest {
    private static final long S = 1_000_000_000L;

    /** Writes the three sysctls the handshake schedule comes from into {@code dir} and reads them back. */
    private static TcpTimeouts fromSysctls(Path dir, String synRetries, String synLinear, String rtoMaxMs)
            throws IOException {
        Files.writeString(dir.resolve("tcp_syn_retries"), synRetries + "\n");
        Files.writeString(dir.resolve("tcp_syn_linear_timeouts"), synLinear + "\n");
        Files.writeString(dir.resolve("tcp_rto_max_ms"), rtoMaxMs + "\n");
        return TcpTimeouts.fromSysctls(dir);
    }

    @Test
    void sysctlsSetTheHandshakeScheduleAndTheBackoffLimit(@TempDir Path dir) throws IOException {
        TcpTimeouts t = fromSysctls(dir, "2", "1", "3000");
        assertEquals(3, t.synRetries());
        assertEquals(1, t.synLinear());
        assertEquals(3 * S, t.rtoMaxNs());
        // One linear retry, then doubling, capped by tcp_rto_max_ms.
        assertEquals(S, t.synRto(0));
        assertEquals(S, t.synRto(1));
        assertEquals(2 * S, t.synRto(2));
        assertEquals(3 * S, t.synRto(3));
        assertEquals(2 * S, t.rto(1));
        assertEquals(3 * S, t.rto(5));
        assertEquals(3 * S, t.rto(100));
        // The handshake lasts its schedule: 1 + 1 + 2 + 3 s, and a second of slack.
        assertEquals(8 * S, t.synNs());
        assertEquals(7, t.maxRetransmissions());
    }

    @Test
    void missingOrBadSysctlsTakeTheKernelDefaults(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tcp_syn_retries"), "many\n");
        TcpTimeouts t = TcpTimeouts.fromSysctls(dir);
        assertEquals(TcpTimeouts.DEFAULT, t);
        // tcp_syn_retries 6 and tcp_syn_linear_timeouts 4 would be ten: our counter stops at seven.
        assertEquals(7, t.synRetries());
        assertEquals(4, t.synLinear());
        assertEquals(120 * S, t.rtoMaxNs());
        assertEquals(30 * S, t.keepaliveNs());
    }

    @Test
    void largeValuesAreClamped(@TempDir Path dir) throws IOException {
        TcpTimeouts t = fromSysctls(dir, "127", "127", "0");
        assertEquals(7, t.synRetries());
        assertEquals(S, t.rtoMaxNs(), "never below the initial timeout");
        assertEquals(S, t.rto(30));
    }
}

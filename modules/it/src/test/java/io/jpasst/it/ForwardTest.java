package io.jpasst.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Port forwarding at scale and {@code auto}: which ports pasta binds on the host, and that they carry data. */
class ForwardTest extends ForwardBaseTest {

    /** A script that serves one connection on the namespace's {@code port} into {@code received}. */
    private static String serveOnce(int port, Path received, Path ready) {
        return "socat -u TCP4-LISTEN:" + port + " CREATE:" + received + " & s=$!; "
                + waitUntil("ss -ltnH | grep -q :" + port, 5) + "touch " + ready + "; wait $s";
    }

    @Test
    void thousandForwardedPorts() {
        Path received = file("received.bin");
        Path ready = file("ready");
        try (Proc.Running run = startPasta(List.of("-t", "10000-10999"), serveOnce(10500, received, ready))) {
            assertTrue(awaitFile(ready, 30), "namespace server not up");
            String listening = onHost("ss", "-ltnH", "( sport >= :10000 and sport <= :10999 )").stdout();
            assertEquals(1000, listening.strip().lines().count(), listening);
            onHost("socat", "-u", "OPEN:" + data, "TCP4:127.0.0.1:10500");
            assertSameData(received, run.await(TIMEOUT));
        }
    }

    /** {@code -t auto}: a server started in the namespace after pasta is reachable from the host within ~2 s. */
    @Test
    void autoForwardsNewNamespaceServer() {
        Path received = file("received.bin");
        Path ready = file("ready");
        try (Proc.Running run = startPasta(List.of("-t", "auto"), "sleep 1; " + serveOnce(7000, received, ready))) {
            assertTrue(awaitFile(ready, 30), "namespace server not up");
            long t0 = System.nanoTime();
            onHost("sh", "-c", "for i in $(seq 40); do socat -u OPEN:" + data + " TCP4:127.0.0.1:7000 2>/dev/null "
                    + "&& exit 0; sleep 0.1; done; exit 1");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 2500, "auto forwarding took " + ms + " ms");
            assertSameData(received, run.await(TIMEOUT));
        }
    }
}

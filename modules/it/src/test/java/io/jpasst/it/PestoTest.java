package io.jpasst.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@code -c}: forwarding changed at run time through the control socket, with our
 * {@code bin/pesto}. pasta starts forwarding nothing; pesto adds a TCP and a UDP port, and a
 * host client's data reaches the namespace's servers through them; {@code -D} removes the TCP
 * rule and its listener; {@code -C HOST} empties the table and closes the rest. passt too:
 * a forward added at run time reaches its guest.
 */
class PestoTest extends ForwardBaseTest {
    private static Path pesto() {
        return PastaUnderTest.tool("jpasst.pesto", "pesto");
    }

    private Proc.Result pesto(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(pesto().toString()));
        argv.addAll(List.of(args));
        return onHost(argv.toArray(String[]::new));
    }

    @Test
    void addDeleteClearAtRunTime() throws Exception {
        Path sock = file("control.sock");
        Path tcpGot = file("tcp.txt");
        Path udpGot = file("udp.txt");
        Path ready = file("ready");
        String script = "socat -u TCP4-LISTEN:8080 CREATE:" + tcpGot + " & "
                + "socat -u UDP4-RECV:5353 CREATE:" + udpGot + " & "
                + waitUntil("ss -ltnH | grep -q :8080 && ss -lunH | grep -q :5353", 5)
                + "touch " + ready + "; sleep 60";
        try (Proc.Running run = startPasta(List.of("-c", sock.toString(), "-t", "none", "-u", "none",
                "-T", "none", "-U", "none"), script)) {
            assertTrue(awaitFile(ready, 30), "namespace servers not up");
            assertTrue(Poll.until(() -> Files.exists(sock), Duration.ofSeconds(10)), "no control socket");
            assertEquals("passt/pasta configuration (" + sock + ")\n  HOST\n  SPLICE\n", pesto(sock.toString()).stdout());
            assertFalse(hostListens("-ltnH", 8080), "8080 bound before pesto added it");

            pesto("-A", "-t", "8080", "-u", "5353", sock.toString());
            assertTrue(Poll.until(() -> hostListens("-ltnH", 8080) && hostListens("-lunH", 5353),
                    Duration.ofSeconds(5)), "new ports not bound");
            onHost("sh", "-c", "echo tcp-through-pesto | socat -u - TCP4:127.0.0.1:8080");
            onHost("sh", "-c", "for i in 1 2 3 4 5; do echo udp-through-pesto | socat -u - UDP4:127.0.0.1:5353; "
                    + "sleep 0.2; done");
            assertTrue(Poll.until(() -> read(tcpGot).equals("tcp-through-pesto"), Duration.ofSeconds(5)),
                    () -> "TCP: " + read(tcpGot));
            assertTrue(Poll.until(() -> read(udpGot).startsWith("udp-through-pesto"), Duration.ofSeconds(5)),
                    () -> "UDP: " + read(udpGot));

            pesto("-D", "-t", "8080", sock.toString());
            assertTrue(Poll.until(() -> !hostListens("-ltnH", 8080), Duration.ofSeconds(5)), "8080 still bound");
            assertEquals("passt/pasta configuration (" + sock + ")\n  HOST\n    UDP [*]:5353  =>  5353 \n  SPLICE\n",
                    pesto(sock.toString()).stdout());

            pesto("-C", "HOST", sock.toString());
            assertTrue(Poll.until(() -> !hostListens("-lunH", 5353), Duration.ofSeconds(5)), "5353 still bound");
            assertEquals("passt/pasta configuration (" + sock + ")\n  HOST\n  SPLICE\n", pesto(sock.toString()).stdout());
        }
    }

    /**
     * The same against passt: pesto adds a TCP forward to a running passt, and a client off
     * the host reaches the server in passt's guest (a namespace behind {@link PasstGuestBridge}).
     */
    @Test
    void passtTakesAForwardAtRunTime() {
        Path sock = file("passt-control.sock");
        Path socket = file("passt-pesto.socket");
        Path got = file("passt-tcp.txt");
        onHost(PasstTestBase.passtBinary().toString(), "--pid", pasta.pidFile().toString(), "--socket",
                socket.toString(), "-c", sock.toString());
        try (PasstGuestBridge guest = PasstGuestBridge.attach(topology, socket).configureLikeHost()) {
            guest.run(TIMEOUT, null, "ping -c 1 -W 5 " + Topology.GATEWAY_V4).assertSuccess();
            try (Proc.Running server = Proc.start(null, topology.work(),
                    guest.inGuest(List.of("socat", "-u", "TCP-LISTEN:8081", "CREATE:" + got)))) {
                guest.run(TIMEOUT, null, waitUntil("ss -ltnH | grep -q :8081", 5)).assertSuccess();
                assertFalse(hostListens("-ltnH", 8081), "8081 bound before pesto added it");
                pesto("-A", "-t", "8081", sock.toString());
                assertEquals("passt/pasta configuration (" + sock + ")\n  HOST\n    TCP [*]:8081  =>  8081 \n",
                        pesto(sock.toString()).stdout());
                Proc.run(TIMEOUT, null, topology.work(), topology.inInternet(List.of("sh", "-c",
                        "for i in $(seq 1 25); do echo passt-through-pesto | socat -u - TCP:" + Topology.HOST_V4
                                + ":8081 && exit 0; sleep 0.2; done; exit 1"))).assertSuccess();
                assertTrue(Poll.until(() -> read(got).equals("passt-through-pesto"), Duration.ofSeconds(5)),
                        () -> "TCP: " + read(got));
            }
        }
    }

    private boolean hostListens(String ssFlags, int port) {
        return onHost("ss", ssFlags, "sport = :" + port).stdout().strip().length() > 0;
    }
}

package io.jpasst.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@code --splice-only -t PORT}: the namespace gets no tap device, only its loopback, and a
 * host client's connection to the forwarded port reaches a server bound to the namespace's
 * 127.0.0.1.
 */
class SpliceOnlyTest extends ForwardBaseTest {
    @Test
    void noTapAndLoopbackForwardingWorks() {
        Path links = file("links.txt");
        Path got = file("got.txt");
        Path ready = file("ready");
        String script = "ip -o link show | cut -d: -f2 | tr -d ' ' > " + links + "; "
                + "socat -u TCP4-LISTEN:9090,bind=127.0.0.1 CREATE:" + got + " & "
                + waitUntil("ss -ltnH | grep -q 127.0.0.1:9090", 5) + "touch " + ready + "; sleep 30";
        try (Proc.Running run = topology.startAsUser(pasta.command("--splice-only", "-t", "9090", "-u", "none",
                "-T", "none", "-U", "none", "--", "sh", "-c", script))) {
            assertTrue(awaitFile(ready, 30), "namespace server not up");
            assertEquals("lo", read(links), "the namespace's interfaces");
            onHost("sh", "-c", "echo through-lo | socat -u - TCP4:127.0.0.1:9090");
            assertTrue(Poll.until(() -> read(got).equals("through-lo"), Duration.ofSeconds(5)), () -> "got: " + read(got));
        }
    }
}

package io.jpasst.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * pasta's loopback bypass: 32 MiB between loopback on the host and loopback in the namespace,
 * both ways and both IP versions, arrive intact, and the tap stays (nearly) silent meanwhile.
 */
class SpliceTest extends ForwardBaseTest {

    /**
     * {@code -t}: a server on the namespace's loopback, a client on the host's loopback.
     *
     * @param listen socat address of the server in the namespace (port {@code serverPort})
     * @param connect socat address the host client connects to
     */
    private void hostToNamespace(List<String> options, String listen, String connect) throws Exception {
        Path received = file("received.bin");
        Path ready = file("ready");
        Path stats = file("stats");
        String script = "p0=" + TAP_PACKETS + "; socat -u " + listen + " CREATE:" + received + " & s=$!; "
                + waitUntil("ss -ltnH | grep -q .", 5) + "touch " + ready + "; wait $s; "
                + "echo \"$p0 " + TAP_PACKETS + "\" > " + stats;
        try (Proc.Running pastaRun = startPasta(options, script)) {
            assertTrue(awaitFile(ready, 30), "namespace server not up");
            onHost("socat", "-u", "OPEN:" + data, connect);
            Proc.Result run = pastaRun.await(TIMEOUT);
            assertSameData(received, run);
            assertTapIdle(stats, run);
        }
    }

    /** {@code -T}: a server on the host's loopback, a client on the namespace's loopback. */
    private void namespaceToHost(String option, String listen, String connect) throws Exception {
        Path received = file("received.bin");
        Path stats = file("stats");
        try (Proc.Running server = topology.startAsUser(List.of("socat", "-u", listen, "CREATE:" + received))) {
            Proc.Result run = startPasta(List.of("-T", option), "p0=" + TAP_PACKETS + "; "
                    + "socat -u OPEN:" + data + " " + connect + " && "
                    // pasta quits with this script: give the data time to reach the server
                    + waitUntil("[ $(stat -c %s " + received + ") -ge " + DATA_SIZE + " ]", 20)
                    + "echo \"$p0 " + TAP_PACKETS + "\" > " + stats)
                    .await(TIMEOUT).assertSuccess();
            server.await(TIMEOUT).assertSuccess();
            assertSameData(received, run);
            assertTapIdle(stats, run);
        }
    }

    @Test
    void hostLoopbackIpv4ToNamespace() throws Exception {
        hostToNamespace(List.of("-t", "5001"), "TCP4-LISTEN:5001,bind=127.0.0.1", "TCP4:127.0.0.1:5001");
    }

    @Test
    void hostLoopbackIpv6ToNamespace() throws Exception {
        hostToNamespace(List.of("-t", "5001"), "TCP6-LISTEN:5001,bind=[::1]", "TCP6:[::1]:5001");
    }

    @Test
    void namespaceLoopbackIpv4ToHost() throws Exception {
        namespaceToHost("5002", "TCP4-LISTEN:5002,bind=127.0.0.1,reuseaddr", "TCP4:127.0.0.1:5002");
    }

    @Test
    void namespaceLoopbackIpv6ToHost() throws Exception {
        namespaceToHost("5002", "TCP6-LISTEN:5002,bind=[::1],reuseaddr", "TCP6:[::1]:5002");
    }

    /**
     * A client accepted on the host before the command in the namespace listens (podman -p,
     * or a benchmark connecting right after start) is held, not reset: the server comes up a
     * second later and still gets the data.
     */
    @Test
    void clientEarlierThanTheNamespaceServer() throws Exception {
        Path received = file("received.bin");
        Path started = file("started");
        String script = "touch " + started + "; sleep 1; socat -u TCP4-LISTEN:5003,bind=127.0.0.1 CREATE:" + received;
        try (Proc.Running pastaRun = startPasta(List.of("-t", "5003"), script)) {
            // -t ports are bound before the command starts: this connects while nothing listens inside
            assertTrue(awaitFile(started, 30), "command not started");
            onHost("socat", "-u", "OPEN:" + data, "TCP4:127.0.0.1:5003");
            assertSameData(received, pastaRun.await(TIMEOUT));
        }
    }

    /** Port translation on the splice path: host 5011 lands on 6011 in the namespace. */
    @Test
    void translatedPortRange() throws Exception {
        hostToNamespace(List.of("-t", "5010-5012:6010-6012"), "TCP4-LISTEN:6011,bind=127.0.0.1", "TCP4:127.0.0.1:5011");
    }
}

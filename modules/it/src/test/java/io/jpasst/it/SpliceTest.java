package io.jpasst.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * pasta's loopback bypass: 32 MiB between loopback on the host and the namespace (its address
 * over its lo, or its loopback with {@code --host-lo-to-ns-lo}), both ways and both IP
 * versions, arrive intact, and the tap stays (nearly) silent meanwhile.
 */
class SpliceTest extends ForwardBaseTest {

    /**
     * {@code -t}: a server in the namespace (on its address, which the bypass targets by
     * default, over the namespace's lo), a client on the host's loopback.
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
        hostToNamespace(List.of("-t", "5001"), "TCP4-LISTEN:5001", "TCP4:127.0.0.1:5001");
    }

    @Test
    void hostLoopbackIpv6ToNamespace() throws Exception {
        hostToNamespace(List.of("-t", "5001"), "TCP6-LISTEN:5001", "TCP6:[::1]:5001");
    }

    /**
     * A server bound to the namespace's loopback only is private to it (a container's): -t from
     * the host's loopback does not reach it, as upstream, unless {@code --host-lo-to-ns-lo}.
     */
    @Test
    void namespaceLoopbackOnlyServerIsNotExposedByDefault() throws Exception {
        Path received = file("received.bin");
        Path ready = file("ready");
        Path done = file("done");
        String script = "socat -u TCP4-LISTEN:5004,bind=127.0.0.1 CREATE:" + received + " & s=$!; "
                + waitUntil("ss -ltnH | grep -q :5004", 5) + "touch " + ready + "; "
                + waitUntil("test -e " + done, 30) + "kill $s";
        try (Proc.Running pastaRun = startPasta(List.of("-t", "5004"), script)) {
            assertTrue(awaitFile(ready, 30), "namespace server not up");
            Proc.Result client = topology.runAsUser(TIMEOUT, null,
                    List.of("socat", "-u", "OPEN:" + data, "TCP4:127.0.0.1:5004"));
            Files.writeString(done, "");
            Proc.Result run = pastaRun.await(TIMEOUT);
            assertNotEquals(0, client.exitCode(), () -> "the client got through: " + client + "; " + run);
            assertFalse(Files.exists(received), () -> "the loopback-only server was reached: " + run);
        }
    }

    @Test
    void hostLoToNsLoReachesNamespaceLoopbackOnlyServer() throws Exception {
        hostToNamespace(List.of("-t", "5005", "--host-lo-to-ns-lo"), "TCP4-LISTEN:5005,bind=127.0.0.1",
                "TCP4:127.0.0.1:5005");
    }

    @Test
    void hostLoToNsLoReachesNamespaceLoopbackOnlyServerIpv6() throws Exception {
        hostToNamespace(List.of("-t", "5005", "--host-lo-to-ns-lo"), "TCP6-LISTEN:5005,bind=[::1]",
                "TCP6:[::1]:5005");
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
        String script = "touch " + started + "; sleep 1; socat -u TCP4-LISTEN:5003 CREATE:" + received;
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
        hostToNamespace(List.of("-t", "5010-5012:6010-6012"), "TCP4-LISTEN:6011", "TCP4:127.0.0.1:5011");
    }
}

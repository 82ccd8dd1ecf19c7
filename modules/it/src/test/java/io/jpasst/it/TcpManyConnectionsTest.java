package io.jpasst.it;

import static io.jpasst.it.Topology.REMOTE_V4;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * As many TCP connections at once as the descriptor limit lets one pasta hold: 18,000 (the hard
 * limit here is 20,000 per process), all open together through the tap, each echoing its own
 * bytes, compared byte for byte. The old table of 8,192 flows refused the rest.
 */
class TcpManyConnectionsTest extends PastaTestBase {
    private static final int CONNECTIONS = 18_000;
    private static final int BYTES = 2_000;
    private static final Duration LONG = Duration.ofSeconds(200);

    /**
     * connect() takes ports of one parity first: with 18,000 connections to one destination
     * the default range's 14,116 even ports run out and every further connect() scans them
     * all before it finds an odd one (seconds a connection, on both sides of pasta). A wider
     * range, as on a busy host, keeps the test about pasta.
     */
    @BeforeAll
    static void hostPorts() {
        Proc.run(TIMEOUT, null, topology.work(), List.of("ip", "netns", "exec", topology.hostNamespace(),
                "sysctl", "-qw", "net.ipv4.ip_local_port_range=1024 65000")).assertSuccess();
    }

    @Test
    void eighteenThousandConcurrentConnectionsEchoByteExact() {
        Path peer = topology.script("tcp-closes.py");
        int port = 9501;
        // Both ends need a descriptor per connection: lift the soft limits to the hard one.
        try (Proc.Running server = Proc.start(null, topology.work(), topology.inInternet(List.of("sh", "-c",
                "ulimit -n $(ulimit -Hn); exec python3 " + peer + " echo-server " + REMOTE_V4 + " " + port)))) {
            Proc.Result r = topology.runAsUser(LONG, null, pasta.command("--config-net", "--", "sh", "-c",
                    "ulimit -n $(ulimit -Hn); sysctl -qw net.ipv4.ip_local_port_range='1024 65000'; python3 " + peer + " many-client " + REMOTE_V4 + " " + port + " "
                            + CONNECTIONS + " " + BYTES)).assertSuccess();
            System.out.println("TcpManyConnectionsTest: " + r.stdout().strip().replace('\n', ';') + " in "
                    + r.elapsed().toSeconds() + " s");
            assertTrue(r.stdout().contains("exact " + CONNECTIONS + " of " + CONNECTIONS), r::toString);
        }
    }
}

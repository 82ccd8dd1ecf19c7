package io.jpasst.it;

import static io.jpasst.it.Topology.GATEWAY_V4;
import static io.jpasst.it.Topology.GATEWAY_V6;
import static io.jpasst.it.Topology.REMOTE_V4;
import static io.jpasst.it.Topology.REMOTE_V6;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Echo requests from the namespace reach a remote server through pasta's ping sockets, and
 * the gateway address reaches the host's loopback as TCP's does.
 */
class IcmpTest extends PastaTestBase {

    /**
     * ping exits 0 once a reply came back. One lost request is tolerated: the C reference
     * loses the very first IPv6 echo while the namespace resolves its gateway.
     */
    private void assertReplies(String pingCommand) {
        Proc.Result run = inConfiguredNamespace(pingCommand);
        assertTrue(run.stdout().matches("(?s).* [12] received.*"), run::toString);
    }

    @Test
    @AlsoOverPasst
    void pingIpv4RemoteServer() {
        assertReplies("ping -c 2 -W 2 " + REMOTE_V4);
    }

    @Test
    @AlsoOverPasst
    void pingIpv6RemoteServer() {
        assertReplies("ping -6 -c 2 -W 2 " + REMOTE_V6);
    }

    /** The real gateway stops answering echo requests while {@code body} runs. */
    private static void withSilentGateway(Runnable body) {
        List<String> off = List.of("sysctl", "-qw", "net.ipv4.icmp_echo_ignore_all=1",
                "net.ipv6.icmp.echo_ignore_all=1");
        List<String> on = List.of("sysctl", "-qw", "net.ipv4.icmp_echo_ignore_all=0",
                "net.ipv6.icmp.echo_ignore_all=0");
        Proc.run(Duration.ofSeconds(10), null, topology.work(), topology.inInternet(off)).assertSuccess();
        try {
            body.run();
        } finally {
            Proc.run(Duration.ofSeconds(10), null, topology.work(), topology.inInternet(on)).assertSuccess();
        }
    }

    /**
     * With the gateway itself silent, only the host's loopback can answer a ping to the
     * gateway address; with {@code --no-map-gw} the ping goes to the silent gateway.
     */
    private void gatewayReachesHostLoopback(String ping) {
        withSilentGateway(() -> {
            assertReplies(ping);
            Proc.Result unmapped = inPasta(null, List.of("--config-net", "--no-map-gw"), ping + "; true")
                    .assertSuccess();
            assertTrue(unmapped.stdout().matches("(?s).* 0 received.*"), unmapped::toString);
        });
    }

    @Test
    @AlsoOverPasst
    void pingGatewayReachesHostLoopbackIpv4() {
        gatewayReachesHostLoopback("ping -c 2 -W 1 " + GATEWAY_V4);
    }

    @Test
    @AlsoOverPasst
    void pingGatewayReachesHostLoopbackIpv6() {
        gatewayReachesHostLoopback("ping -6 -c 2 -W 1 " + GATEWAY_V6);
    }
}

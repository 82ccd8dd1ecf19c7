package io.jpasst.it;

import static io.jpasst.it.Topology.REMOTE_V4;
import static io.jpasst.it.Topology.REMOTE_V6;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Echo requests from the namespace reach a remote server through pasta's ping sockets. */
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
    void pingIpv4RemoteServer() {
        assertReplies("ping -c 2 -W 2 " + REMOTE_V4);
    }

    @Test
    void pingIpv6RemoteServer() {
        assertReplies("ping -6 -c 2 -W 2 " + REMOTE_V6);
    }
}

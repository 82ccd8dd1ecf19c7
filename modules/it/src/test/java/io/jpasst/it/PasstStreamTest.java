package io.jpasst.it;

import static io.jpasst.it.Topology.GATEWAY_V4;
import static io.jpasst.it.Topology.HOST_V4;
import static io.jpasst.it.Topology.HOST_V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * passt's qemu stream protocol, driven by a qemu stand-in (passt-client.py): a 4-byte
 * big-endian length and the frame, split and merged arbitrarily by the stream. Answers come
 * from the built-in ARP and DHCP responders, so no TCP or UDP path is involved.
 */
class PasstStreamTest extends PasstTestBase {
    @Test
    void framesSplitAtEveryByteBoundaryAreAnswered() {
        Path socket = listening("split");
        Map<String, String> out = client(socket, "split");
        assertEquals("45 of 45", out.get("arp-split-replies"), out::toString);
        assertEquals(HOST_V4, out.get("dhcp-offer"), out::toString);
    }

    @Test
    void hundredFramesInOneWriteGetHundredAnswers() {
        Path socket = listening("merge");
        Map<String, String> out = client(socket, "merge", "100");
        assertEquals("100", out.get("arp-merged-replies"), out::toString);
        assertEquals(HOST_V4, out.get("dhcp-offer"), out::toString);
    }

    /** A length under 14 or over 65535 ends that client's connection, and only that. */
    @Test
    void badFrameLengthsCloseTheClientAndTheNextOneIsServed() {
        Path socket = listening("bad");
        for (String length : new String[] {"0", "13", "65536", "4294967295"}) {
            Map<String, String> bad = client(socket, "bad", length);
            assertTrue(bad.containsKey("closed"), () -> "length " + length + ": " + bad);
        }
        Map<String, String> next = client(socket, "dhcp");
        assertEquals(HOST_V4, next.get("dhcp-offer"), next::toString);
        assertTrue(pasta.daemon().isPresent(), "passt died on bad frame lengths");
    }

    @Test
    void secondClientWaitsUntilTheFirstLeaves() {
        Path socket = listening("queue");
        Map<String, String> out = client(socket, "queue");
        assertEquals(HOST_V4, out.get("first-offer"), out::toString);
        assertTrue(out.containsKey("second-waits"), out::toString);
        assertEquals(HOST_V4, out.get("second-offer"), out::toString);
    }

    @Test
    void oneOffExitsWhenTheClientCloses() {
        Path socket = listening("oneoff", "--one-off");
        Map<String, String> out = client(socket, "dhcp");
        assertEquals(HOST_V4, out.get("dhcp-offer"), out::toString);
        assertTrue(daemonExits(Duration.ofSeconds(10)), "passt --one-off still runs after its client left");
    }

    /** -F: an inherited connected socket instead of a listening one; implies --one-off. */
    @Test
    void inheritedSocketIsServedAndItsCloseEndsPasst() {
        Map<String, String> out = client(passtBinary(), "fd");
        assertEquals(HOST_V4, out.get("dhcp-offer"), out::toString);
        assertEquals("0", out.get("exit"), out::toString);
    }

    /** --fd 0: the connection as standard input, detached, which the launcher must leave alone. */
    @Test
    void standardInputAsTheConnection() {
        Map<String, String> out = client(passtBinary(), "fd0", "--pid", pasta.pidFile().toString());
        assertTrue(out.getOrDefault("launcher-exit", "").startsWith("0"), out::toString);
        assertEquals(HOST_V4, out.get("dhcp-offer"), out::toString);
        assertTrue(daemonExits(Duration.ofSeconds(10)), "passt --fd 0 still runs after its client left");
    }

    /**
     * Every new connection is asked at once for the guest's MAC, ARP and NDP, so a restarted
     * passt need not wait for the guest to speak: a broadcast ARP request for the guest's
     * address from the gateway's, and a Neighbour Solicitation to its solicited-node group.
     */
    @Test
    void eachConnectionStartsWithArpAndNeighbourSolicitation() {
        Path socket = listening("greeting");
        Map<String, String> out = client(socket, "greeting", "2");
        for (int n = 1; n <= 2; n++) {
            assertEquals(HOST_V4 + " " + GATEWAY_V4, out.get("arp-request-" + n), out::toString);
            assertEquals(HOST_V6 + " ff02::1:ff00:2", out.get("neighbour-solicitation-" + n), out::toString);
        }
    }

    /** Without --one-off a client leaving is no reason to quit: the next one is accepted. */
    @Test
    void withoutOneOffClientsComeAndGo() {
        Path socket = listening("many");
        for (int i = 0; i < 3; i++) {
            Map<String, String> out = client(socket, "dhcp");
            assertEquals(HOST_V4, out.get("dhcp-offer"), out::toString);
        }
        assertTrue(pasta.daemon().isPresent());
    }
}

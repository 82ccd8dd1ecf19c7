package io.jpasst.it;

import static io.jpasst.it.Topology.GATEWAY_V4;
import static io.jpasst.it.Topology.GATEWAY_V6;
import static io.jpasst.it.Topology.HOST_V4;
import static io.jpasst.it.Topology.HOST_V6;
import static io.jpasst.it.Topology.REMOTE_V4;
import static io.jpasst.it.Topology.REMOTE_V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Address mapping through the tap (the man page's NOTES, {@code --map-host-loopback},
 * {@code --map-guest-addr}, {@code --no-map-gw}), with 32 MiB checked by SHA-256 on every
 * connection. Servers answer with a label and the peer they saw, so a test tells which server
 * a mapped address reached and which address the connection came from: a "loopback" server on
 * the host's 127.0.0.1 / ::1, a "gateway" one in the internet namespace on 192.0.2.1 /
 * 2001:db8:1::1 (the address the guest also knows as its gateway), a "host-address" one on the
 * host's own address, and an "ns" one inside pasta's namespace.
 */
class AddressMappingTest extends ForwardBaseTest {
    private static final String PODMAN_GUEST_ADDR = "169.254.1.2";
    private static final String ALIAS_V4 = "198.51.100.1";
    private static final String ALIAS_V6 = "2001:db8:3::1";
    private static final String GUEST_ALIAS_V6 = "2001:db8:4::2";
    private static Path server;

    @BeforeAll
    static void serverScript() {
        server = script("tag-server.py");
    }

    private static Proc.Running hostServer(String label, String addr, int port) {
        return topology.startAsUser(List.of("python3", server.toString(), label, addr, Integer.toString(port)));
    }

    private static Proc.Running internetServer(String label, String addr, int port) {
        return Proc.start(null, topology.work(), topology.inInternet(
                List.of("python3", server.toString(), label, addr, Integer.toString(port))));
    }

    /** socat sends the data to addr:port, half-closes and prints the reply; retried while refused. */
    private static String send(String addr, int port, String socatOptions) {
        return "for i in $(seq 30); do socat -t 30 - " + socatTcp(addr, port) + ",connect-timeout=2" + socatOptions + " < " + data
                + " && break; sleep 0.1; done; ";
    }

    /** Runs one client per target inside {@code pasta --config-net OPTIONS}; their replies, in order. */
    private List<String> fromNamespace(List<String> options, String... targets) {
        List<String> args = new ArrayList<>(List.of("--config-net"));
        args.addAll(options);
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < targets.length; i += 2) {
            script.append(send(targets[i], Integer.parseInt(targets[i + 1]), ""));
        }
        Proc.Result r = inPasta(null, args, script.toString()).assertSuccess();
        return r.stdout().strip().lines().toList();
    }

    private static String reply(String label, String peer) {
        return label + " " + peer + " " + dataSha;
    }

    // ---------------------------------------------------------------- guest to host

    /** The gateway address (and no other) reaches the host's loopback; the host sees 127.0.0.1 / ::1 connect. */
    private void gatewayReachesHostLoopback(String loopback, String gateway, String host, int port) {
        try (Proc.Running lo = hostServer("loopback", loopback, port);
             Proc.Running gw = internetServer("gateway", gateway, port)) {
            assertEquals(List.of(reply("loopback", loopback)),
                    fromNamespace(List.of(), gateway, Integer.toString(port)));
            assertEquals(List.of(reply("gateway", host)),
                    fromNamespace(List.of("--no-map-gw"), gateway, Integer.toString(port)),
                    "--no-map-gw: the gateway is the real one, the host's loopback is out of reach");
        }
    }

    @Test
    void gatewayReachesHostLoopbackIpv4() {
        gatewayReachesHostLoopback("127.0.0.1", GATEWAY_V4, HOST_V4, 9301);
    }

    @Test
    void gatewayReachesHostLoopbackIpv6() {
        gatewayReachesHostLoopback("::1", GATEWAY_V6, HOST_V6, 9302);
    }

    /** {@code --map-host-loopback ADDR}: ADDR reaches the host's loopback instead of the gateway. */
    private void mapHostLoopback(String alias, String loopback, String gateway, String host, int port) {
        try (Proc.Running lo = hostServer("loopback", loopback, port);
             Proc.Running gw = internetServer("gateway", gateway, port)) {
            assertEquals(List.of(reply("loopback", loopback), reply("gateway", host)),
                    fromNamespace(List.of("--map-host-loopback", alias),
                            alias, Integer.toString(port), gateway, Integer.toString(port)));
        }
    }

    @Test
    void mapHostLoopbackAddressIpv4() {
        mapHostLoopback(ALIAS_V4, "127.0.0.1", GATEWAY_V4, HOST_V4, 9303);
    }

    @Test
    void mapHostLoopbackAddressIpv6() {
        mapHostLoopback(ALIAS_V6, "::1", GATEWAY_V6, HOST_V6, 9304);
    }

    /**
     * {@code --map-guest-addr ADDR} as podman passes it (with {@code --no-map-gw}): ADDR reaches
     * the host's own address, which the namespace's copy of it hides; the gateway stays the gateway.
     */
    private void mapGuestAddr(String alias, String host, String gateway, int port) {
        try (Proc.Running own = hostServer("host-address", host, port);
             Proc.Running gw = internetServer("gateway", gateway, port)) {
            assertEquals(List.of(reply("host-address", host), reply("gateway", host)),
                    fromNamespace(List.of("--no-map-gw", "--map-guest-addr", alias),
                            alias, Integer.toString(port), gateway, Integer.toString(port)));
        }
    }

    @Test
    void mapGuestAddrReachesHostAddressIpv4() {
        mapGuestAddr(PODMAN_GUEST_ADDR, HOST_V4, GATEWAY_V4, 9305);
    }

    @Test
    void mapGuestAddrReachesHostAddressIpv6() {
        mapGuestAddr(GUEST_ALIAS_V6, HOST_V6, GATEWAY_V6, 9306);
    }

    // ---------------------------------------------------------------- host to guest

    /**
     * {@code -t port} to a server in the namespace, through the tap; returns the server's reply
     * to a client run (as {@code sh -c}) by {@code client}, and checks the tap carried the data.
     */
    private String toNamespace(List<String> options, boolean v6, int port,
                               java.util.function.Function<String, Proc.Result> client) {
        Path ready = file("ready");
        Path stats = file("stats");
        List<String> all = new ArrayList<>(List.of("-t", Integer.toString(port)));
        all.addAll(options);
        String script = "p0=" + TAP_PACKETS + "; python3 " + server + " ns " + (v6 ? "::" : "0.0.0.0") + " " + port
                + " 1 & s=$!; " + waitUntil("ss -ltnH | grep -q :" + port, 5) + "touch " + ready + "; wait $s; "
                + "echo \"$p0 " + TAP_PACKETS + "\" > " + stats;
        try (Proc.Running pastaRun = startPasta(all, script)) {
            assertTrue(awaitFile(ready, 30), "namespace server not up");
            Proc.Result r = client.apply(send(v6 ? HOST_V6 : HOST_V4, port, ""));
            Proc.Result run = pastaRun.await(TIMEOUT);
            String[] f = read(stats).split("\\s+");
            assertEquals(2, f.length, () -> "no packet counters: " + run);
            long moved = Long.parseLong(f[1]) - Long.parseLong(f[0]);
            // 32 MiB in frames of at most 64 KiB: over 500 of them, plus acknowledgements
            assertTrue(moved > 500, () -> "only " + moved + " packets crossed the tap: " + run);
            return r.stdout().strip();
        }
    }

    private static Proc.Result fromInternet(String script) {
        return Proc.run(TIMEOUT, null, topology.work(), topology.inInternet(List.of("sh", "-c", script)));
    }

    private static Proc.Result fromHost(String script) {
        return topology.runAsUser(TIMEOUT, null, List.of("sh", "-c", script));
    }

    /** A remote peer keeps its address: the namespace server sees 203.0.113.10 / 2001:db8:2::10. */
    private void remoteToNamespace(boolean v6, int port) {
        String remote = v6 ? REMOTE_V6 : REMOTE_V4;
        String bind = ",bind=" + (v6 ? "[" + remote + "]" : remote);
        String out = toNamespace(List.of(), v6, port, s -> fromInternet(s.replace(" < ", bind + " < ")));
        assertEquals(reply("ns", remote), out);
    }

    @Test
    void forwardedPortFromInternetIpv4() {
        remoteToNamespace(false, 9311);
    }

    @Test
    void forwardedPortFromInternetIpv6() {
        remoteToNamespace(true, 9312);
    }

    /**
     * The host's own address, which the namespace has too, appears as our address on the tap
     * (the gateway) by default, and as {@code --map-guest-addr} with podman's options.
     */
    @Test
    void hostOwnAddressAppearsAsGatewayIpv4() {
        assertEquals(reply("ns", GATEWAY_V4), toNamespace(List.of(), false, 9313, AddressMappingTest::fromHost));
    }

    /** IPv6 has no such alias by default: the host's own address appears as our link-local one, as upstream. */
    @Test
    void hostOwnAddressAppearsAsLinkLocalIpv6() {
        String out = toNamespace(List.of(), true, 9314, AddressMappingTest::fromHost);
        assertTrue(out.startsWith("ns fe80::") && out.endsWith(" " + dataSha), out);
    }

    @Test
    void hostOwnAddressAppearsAsMapGuestAddrWithPodmanOptions() {
        assertEquals(reply("ns", PODMAN_GUEST_ADDR),
                toNamespace(List.of("--no-map-gw", "--map-guest-addr", PODMAN_GUEST_ADDR), false, 9315,
                        AddressMappingTest::fromHost));
    }

    /**
     * Without the bypass, a host loopback peer goes through the tap and appears as the
     * {@code --map-host-loopback} address.
     */
    @Test
    void hostLoopbackWithoutSpliceAppearsAsMapHostLoopback() {
        assertEquals(reply("ns", ALIAS_V4), toNamespace(List.of("--no-splice", "--map-host-loopback", ALIAS_V4),
                false, 9316, s -> fromHost(s.replace(HOST_V4 + ":", "127.0.0.1:"))));
    }

    /**
     * Without the bypass and with {@code --no-map-gw} there is no loopback alias: a host
     * loopback peer appears as our address on the tap, the gateway, as upstream's code has it.
     */
    @Test
    void hostLoopbackWithoutSpliceAndNoMapGwAppearsAsGateway() {
        assertEquals(reply("ns", GATEWAY_V4), toNamespace(List.of("--no-splice", "--no-map-gw"),
                false, 9331, s -> fromHost(s.replace(HOST_V4 + ":", "127.0.0.1:"))));
    }

    /** The default loopback alias, the gateway, for ::1 too: the address that reaches ::1 the other way. */
    @Test
    void hostLoopbackWithoutSpliceAppearsAsGatewayIpv6() {
        assertEquals(reply("ns", GATEWAY_V6), toNamespace(List.of("--no-splice"),
                true, 9332, s -> fromHost(s.replace("[" + HOST_V6 + "]:", "[::1]:"))));
    }

    // ---------------------------------------------------------------- UDP, host to guest

    /** Answers every datagram with "ns PEER-ADDRESS PEER-PORT" until killed. */
    private static final String UDP_TAG_SERVER = """
            import socket, sys
            s = socket.socket(socket.AF_INET6 if \":\" in sys.argv[1] else socket.AF_INET, socket.SOCK_DGRAM)
            s.bind((sys.argv[1], int(sys.argv[2])))
            while True:
                d, a = s.recvfrom(2048)
                s.sendto((\"ns %s %d\" % a[:2]).encode(), a)
            """;

    /** Sends to argv[1]:argv[2] until an answer comes back (argv[3] seconds at most); prints it and its own port. */
    private static final String UDP_CLIENT = """
            import socket, sys, time
            s = socket.socket(socket.AF_INET6 if \":\" in sys.argv[1] else socket.AF_INET, socket.SOCK_DGRAM)
            s.connect((sys.argv[1], int(sys.argv[2])))
            s.settimeout(0.5)
            deadline = time.time() + int(sys.argv[3])
            while time.time() < deadline:
                s.send(b\"who\")
                try:
                    print(s.recv(2048).decode(), s.getsockname()[1])
                    sys.exit(0)
                except (socket.timeout, ConnectionRefusedError):
                    pass
            print(\"no answer\")
            """;

    /**
     * {@code -u port} to a UDP server in the namespace bound to {@code bind}, from a host client
     * sending to {@code target}: "ns PEER", the peer the server saw and answered (the answer got
     * back, and the source port was kept), or "no answer" after {@code seconds}.
     */
    private String udpToNamespace(List<String> options, String bind, String target, int port, int seconds) {
        Path ready = file("ready");
        Path done = file("done");
        List<String> all = new ArrayList<>(List.of("-u", Integer.toString(port)));
        all.addAll(options);
        String script = "python3 -c '" + UDP_TAG_SERVER + "' " + bind + " " + port + " & s=$!; "
                + waitUntil("ss -lunH | grep -q :" + port, 5) + "touch " + ready + "; "
                + waitUntil("test -e " + done, 40) + "kill $s";
        try (Proc.Running pastaRun = startPasta(all, script)) {
            assertTrue(awaitFile(ready, 30), "namespace server not up");
            Proc.Result r = topology.runAsUser(TIMEOUT, null, List.of("sh", "-c",
                    "python3 -c '" + UDP_CLIENT + "' " + target + " " + port + " " + seconds + "; touch " + done));
            Proc.Result run = pastaRun.await(TIMEOUT);
            String[] f = r.stdout().strip().split(" ");
            if (f.length == 4 && f[0].equals("ns")) {
                assertEquals(f[3], f[2], () -> "the source port changed: " + r + "; " + run);
                return f[0] + " " + f[1];
            }
            assertEquals("no answer", r.stdout().strip(), () -> r + "; " + run);
            return "no answer";
        }
    }

    private String udpToNamespace(List<String> options, String target, int port) {
        return udpToNamespace(options, "0.0.0.0", target, port, 20);
    }

    /** The host's own address appears as the gateway over UDP too (the guest would drop it as martian). */
    @Test
    void udpFromHostOwnAddressAppearsAsGateway() {
        assertEquals("ns " + GATEWAY_V4, udpToNamespace(List.of(), HOST_V4, 9321));
    }

    @Test
    void udpFromHostOwnAddressAppearsAsMapGuestAddrWithPodmanOptions() {
        assertEquals("ns " + PODMAN_GUEST_ADDR,
                udpToNamespace(List.of("--no-map-gw", "--map-guest-addr", PODMAN_GUEST_ADDR), HOST_V4, 9322));
    }

    /** Without the bypass a loopback peer is delivered through the tap, from the gateway. */
    @Test
    void udpFromHostLoopbackWithoutSpliceAppearsAsGateway() {
        assertEquals("ns " + GATEWAY_V4, udpToNamespace(List.of("--no-splice"), "127.0.0.1", 9323));
    }

    /** The same rule as TCP's: {@code --map-host-loopback} is what a loopback peer appears as. */
    @Test
    void udpFromHostLoopbackWithoutSpliceAppearsAsMapHostLoopback() {
        assertEquals("ns " + ALIAS_V4,
                udpToNamespace(List.of("--no-splice", "--map-host-loopback", ALIAS_V4), "127.0.0.1", 9333));
    }

    /**
     * With the bypass, a host loopback peer reaches the namespace's address over its lo, as
     * upstream; a server bound to the namespace's loopback only is out of reach unless
     * {@code --host-lo-to-ns-lo}. The peer's port is kept either way.
     */
    @Test
    void udpFromHostLoopbackReachesNamespaceAddressNotItsLoopback() {
        assertEquals("ns " + HOST_V4, udpToNamespace(List.of(), "127.0.0.1", 9324));
        assertEquals("no answer", udpToNamespace(List.of(), "127.0.0.1", "127.0.0.1", 9325, 2));
        assertEquals("ns 127.0.0.1", udpToNamespace(List.of("--host-lo-to-ns-lo"), "127.0.0.1", "127.0.0.1", 9326, 20));
    }
}

package io.jpasst.it;

import static io.jpasst.it.Topology.HOST_IF;
import static io.jpasst.it.Topology.HOST_V4;
import static io.jpasst.it.Topology.HOST_V6;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of forwarding specifier of the man page, applied end to end, one row each: a
 * real client's connection (TCP) or datagram (UDP) reaches a server bound to exactly the
 * address and port the rule names, in pasta's namespace and in passt's guest (a namespace of
 * its own behind {@link PasstGuestBridge}); where a kind also keeps ports or peers out
 * (exclusions, a listening address or interface, an {@code auto} range), a client that must
 * not get through is refused.
 *
 * <p>Clients come from the internet netns (a peer off the host: through the tap), from the
 * host itself on loopback (pasta splices those, unless the rule names a target address), or
 * for {@code -T/-U} from inside the namespace towards a host server. {@code all} binds every
 * non-ephemeral port, more than the machine's 20,000 descriptors: its rows exclude most ports.
 */
class ForwardKindsTest extends ForwardBaseTest {
    /** An address in the guest that is not its default one: where target addresses point. */
    static final String TARGET = "198.51.100.7";

    enum At { INTERNET, HOST, GUEST }

    /**
     * One kind: the options; the server (at {@code serverAt}, writing what it gets to $GOT);
     * the client (at {@code clientAt}, must succeed); what $GOT must hold; and a TCP client
     * from {@code refusedAt} that must be refused ({@code null}: none).
     */
    record Row(String kind, List<String> options, At serverAt, String server, String ready, At clientAt,
               String client, String expect, At refusedAt, String refused) {
        @Override
        public String toString() {
            return kind + " " + String.join(" ", options);
        }
    }

    static String tcpServer(String bind, int port) {
        return "socat -u TCP-LISTEN:" + port + (bind == null ? "" : ",bind=" + bind) + " CREATE:$GOT";
    }

    static String udpServer(String bind, int port) {
        return "socat -u UDP-RECV:" + port + (bind == null ? "" : ",bind=" + bind) + " CREATE:$GOT";
    }

    /** Retried for a few seconds: an {@code auto} port is bound within a second of its server. */
    static String tcpClient(String text, String address) {
        return "for i in $(seq 1 40); do echo " + text + " | socat -u - TCP:" + address + " && exit 0; sleep 0.2; done; exit 1";
    }

    /**
     * Up to five datagrams 0.2 s apart (one may be lost before the path is set up), until the
     * server's file ($GOT) has something in it.
     */
    static String udpClient(String text, String address) {
        return "for i in 1 2 3 4 5; do echo " + text + " | socat -u - UDP:" + address + "; for j in 1 2 3 4; do"
                + " [ -s \"$GOT\" ] && exit 0; sleep 0.05; done; done";
    }

    static String listens(String ss, int port) {
        return "ss " + ss + " | grep -q ':" + port + " '";
    }

    static Row tcp(String kind, List<String> options, String server, int serverPort, At clientAt, String to,
                   At refusedAt, String refused) {
        return new Row(kind, options, At.GUEST, server, listens("-ltnH", serverPort), clientAt,
                tcpClient(kind.replace(' ', '-'), to), kind.replace(' ', '-'), refusedAt, refused);
    }

    static Row udp(String kind, List<String> options, String server, int serverPort, At clientAt, String to) {
        return new Row(kind, options, At.GUEST, server, listens("-lunH", serverPort), clientAt,
                udpClient(kind.replace(' ', '-'), to), kind.replace(' ', '-'), null, null);
    }

    /** The kinds both tools apply; {@code guest} is the guest's (or namespace's) default address. */
    static List<Row> common() {
        return List.of(
                tcp("port remapping", List.of("-t", "10001:20001"), tcpServer(null, 20001), 20001,
                        At.INTERNET, HOST_V4 + ":10001", null, null),
                tcp("target address", List.of("-t", "0.0.0.0/10002:" + TARGET), tcpServer(TARGET, 10002), 10002,
                        At.HOST, "127.0.0.1:10002", null, null),
                tcp("target address and ports", List.of("-t", "0.0.0.0/10003-10004:" + TARGET + "/20003-20004"),
                        tcpServer(TARGET, 20004), 20004, At.INTERNET, HOST_V4 + ":10004", null, null),
                tcp("address all", List.of("-t", HOST_V4 + "/all,~1-62999"), tcpServer(null, 64001), 64001,
                        At.INTERNET, HOST_V4 + ":64001", At.HOST, "127.0.0.1:64001"),
                tcp("excluded range", List.of("-t", "10100-10110,~10105"), tcpServer(null, 10104), 10104,
                        At.INTERNET, HOST_V4 + ":10104", At.INTERNET, HOST_V4 + ":10105"),
                tcp("star address", List.of("-t", "*/10050"), "socat -u TCP6-LISTEN:10050 CREATE:$GOT", 10050,
                        At.INTERNET, "[" + HOST_V6 + "]:10050", null, null),
                tcp("interface", List.of("-t", "%" + HOST_IF + "/10090"), tcpServer(null, 10090), 10090,
                        At.INTERNET, HOST_V4 + ":10090", At.HOST, "127.0.0.1:10090"),
                tcp("address and interface", List.of("-t", HOST_V4 + "%" + HOST_IF + "/10091"), tcpServer(null, 10091),
                        10091, At.INTERNET, HOST_V4 + ":10091", null, null),
                udp("udp remapping", List.of("-u", "10121:20121"), udpServer(null, 20121), 20121,
                        At.INTERNET, HOST_V4 + ":10121"),
                udp("udp target address and port", List.of("-u", "0.0.0.0/10120:" + TARGET + "/20120"),
                        udpServer(TARGET, 20120), 20120, At.INTERNET, HOST_V4 + ":10120"),
                udp("udp all", List.of("-u", "all,~1-64999"), udpServer(null, 65001), 65001,
                        At.INTERNET, HOST_V4 + ":65001"));
    }

    static Stream<Row> pastaRows() {
        List<Row> rows = new ArrayList<>(common());
        rows.add(tcp("auto range", List.of("-t", "10010-10020,auto"),
                tcpServer(null, 10015) + " & socat -u TCP-LISTEN:10030 /dev/null", 10015,
                At.INTERNET, HOST_V4 + ":10015", At.INTERNET, HOST_V4 + ":10030"));
        rows.add(tcp("address auto", List.of("-t", "::1/auto"), "socat -u TCP6-LISTEN:10040 CREATE:$GOT", 10040,
                At.HOST, "[::1]:10040", At.HOST, "127.0.0.1:10040"));
        rows.add(tcp("mixed modes", List.of("-t", "10060", "-t", "10061-10070,auto"),
                tcpServer(null, 10065) + " & socat -u TCP-LISTEN:10060 /dev/null", 10065,
                At.INTERNET, HOST_V4 + ":10065", null, null));
        rows.add(new Row("tcp-ns on lo", List.of("-T", "10080"), At.HOST, tcpServer("127.0.0.1", 10080),
                listens("-ltnH", 10080), At.GUEST, "ss -ltnH | grep -q '%lo:10080 ' && " + tcpClient("T-on-lo", "127.0.0.1:10080"),
                "T-on-lo", null, null));
        rows.add(new Row("udp-ns on lo", List.of("-U", "10081"), At.HOST, udpServer("127.0.0.1", 10081),
                listens("-lunH", 10081), At.GUEST, "ss -lunH | grep -q '%lo:10081 ' && " + udpClient("U-on-lo", "127.0.0.1:10081"),
                "U-on-lo", null, null));
        return rows.stream();
    }

    static Stream<Row> passtRows() {
        return common().stream();
    }

    @ParameterizedTest(name = "pasta {0}")
    @MethodSource("pastaRows")
    void pasta(Row row) {
        Path got = file("got-pasta-" + row.kind().replace(' ', '-'));
        Path ready = file("ready-" + row.kind().replace(' ', '-'));
        Path clientRc = file("client-rc-" + row.kind().replace(' ', '-'));
        List<String> options = new ArrayList<>(List.of("--config-net"));
        options.addAll(row.options());
        for (String o : List.of("-t", "-u", "-T", "-U")) {
            if (!row.options().contains(o)) {
                options.addAll(List.of(o, "none"));
            }
        }
        String script = "export GOT=" + got + "; ip addr add " + TARGET + "/32 dev lo; ";
        Proc.Running hostServer = null;
        if (row.serverAt() == At.GUEST) {
            script += "(" + row.server() + ") & " + waitUntil(row.ready(), 5);
        } else {
            hostServer = Proc.start(null, topology.work(), topology.asUserInHost(
                    List.of("sh", "-c", "export GOT=" + got + "; " + row.server())));
            awaitOnHost(row.ready());
        }
        if (row.clientAt() == At.GUEST) {
            script += "(" + row.client() + ") > " + clientRc + ".log 2>&1; echo $? > " + clientRc + "; ";
        }
        script += "touch " + ready + "; sleep 60";
        options.addAll(List.of("--", "sh", "-c", script));
        try (Proc.Running run = topology.startAsUser(pasta.command(options.toArray(String[]::new)))) {
            assertTrue(Poll.until(() -> Files.exists(ready), Duration.ofSeconds(30)), () -> "namespace not up: " + run);
            if (row.clientAt() == At.GUEST) {
                assertTrue(read(clientRc).equals("0"), () -> "client in the namespace: " + read(clientRc) + " "
                        + read(Path.of(clientRc + ".log")));
            } else {
                client(row.clientAt(), "GOT=" + got + "; " + row.client(), null).assertSuccess();
            }
            check(row, got);
        } finally {
            if (hostServer != null) {
                hostServer.close();
            }
        }
    }

    @ParameterizedTest(name = "passt {0}")
    @MethodSource("passtRows")
    void passt(Row row) {
        Path got = file("got-passt-" + row.kind().replace(' ', '-'));
        Path socket = topology.work().resolve("kinds.socket");
        List<String> argv = new ArrayList<>(List.of(PasstTestBase.passtBinary().toString(), "--pid",
                pasta.pidFile().toString(), "--socket", socket.toString()));
        argv.addAll(row.options());
        topology.runAsUser(TIMEOUT, null, argv).assertSuccess();
        try (PasstGuestBridge guest = PasstGuestBridge.attach(topology, socket).configureLikeHost()) {
            // passt learns the guest's MAC and address from its first frames
            guest.run(TIMEOUT, null, "ping -c 1 -W 5 " + Topology.GATEWAY_V4 + "; ip addr add " + TARGET + "/32 dev lo")
                    .assertSuccess();
            try (Proc.Running server = Proc.start(null, topology.work(),
                    guest.inGuest(List.of("sh", "-c", "export GOT=" + got + "; " + row.server())))) {
                guest.run(TIMEOUT, null, waitUntil(row.ready(), 5)).assertSuccess();
                client(row.clientAt(), "GOT=" + got + "; " + row.client(), guest).assertSuccess();
                check(row, got);
            }
        }
    }

    /** What the server got, and the client that must be refused. */
    private void check(Row row, Path got) {
        assertTrue(Poll.until(() -> read(got).startsWith(row.expect()), Duration.ofSeconds(5)),
                () -> row + ": the server got '" + read(got) + "'");
        if (row.refused() != null) {
            Proc.Result r = client(row.refusedAt(), "socat -u /dev/null TCP:" + row.refused(), null);
            assertNotEquals(0, r.exitCode(), () -> row + ": " + row.refused() + " from " + row.refusedAt() + " got through");
        }
    }

    private Proc.Result client(At at, String command, PasstGuestBridge guest) {
        List<String> sh = List.of("sh", "-c", command);
        return switch (at) {
            case INTERNET -> Proc.run(TIMEOUT, null, topology.work(), topology.inInternet(sh));
            case HOST -> topology.runAsUser(TIMEOUT, null, sh);
            case GUEST -> guest.run(TIMEOUT, null, command);
        };
    }

    private void awaitOnHost(String condition) {
        topology.runAsUser(TIMEOUT, null, List.of("sh", "-c", waitUntil(condition, 5))).assertSuccess();
    }
}

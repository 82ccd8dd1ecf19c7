package io.jpasst.it;

import static io.jpasst.it.Topology.GATEWAY_V4;
import static io.jpasst.it.Topology.RESOLVER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --dns-forward}, and the gateway as the host's resolver: a query to the mapped address reaches the host's resolver (the one
 * in the topology's resolv.conf, served here from the internet netns), and the answer comes
 * back with the mapped address as its source.
 */
class DnsTest extends PastaTestBase {
    private static final String MAPPED = "169.254.1.1";
    private static final String ANSWER = "192.0.2.99";

    /** Answers every A query with ANSWER, echoing the query's id and question. */
    private static final String RESOLVER_PY = """
            import socket, sys
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind((sys.argv[1], 53))
            while True:
                q, a = s.recvfrom(512)
                answer = b'\\xc0\\x0c\\x00\\x01\\x00\\x01\\x00\\x00\\x00\\x3c\\x00\\x04' + socket.inet_aton(sys.argv[2])
                s.sendto(q[:2] + b'\\x81\\x80' + q[4:6] + b'\\x00\\x01\\x00\\x00\\x00\\x00' + q[12:] + answer, a)
            """;

    /** One A query to argv[1]:53; prints the reply's source address and the answer's address. */
    private static final String QUERY_PY = """
            import socket, sys
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(3)
            name = b''.join(bytes([len(p)]) + p for p in b'www.example.test'.split(b'.')) + b'\\x00'
            query = b'\\x12\\x34\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00' + name + b'\\x00\\x01\\x00\\x01'
            for attempt in range(5):
                s.sendto(query, (sys.argv[1], 53))
                try:
                    reply, src = s.recvfrom(512)
                    break
                except socket.timeout:
                    pass
            else:
                sys.exit('no answer')
            if reply[:2] != b'\\x12\\x34':
                sys.exit('wrong id')
            print(src[0], socket.inet_ntoa(reply[-4:]))
            """;

    @BeforeAll
    static void resolverAddress() {
        Proc.run(TIMEOUT, null, topology.work(), List.of("ip", "-n", topology.internetNamespace(),
                "addr", "add", RESOLVER + "/32", "dev", "lo")).assertSuccess();
    }

    /** Runs the test resolver at {@code address} in the internet netns and queries {@code target}. */
    private Proc.Result queryThroughPasta(String address, List<String> options, String target) {
        Path resolver = topology.writeExecutable("resolver.py", RESOLVER_PY);
        Path query = topology.writeExecutable("query.py", QUERY_PY);
        try (Proc.Running srv = Proc.start(null, topology.work(), topology.inInternet(
                List.of("python3", resolver.toString(), address, ANSWER)))) {
            for (int i = 0; i < 50 && Proc.run(TIMEOUT, null, topology.work(), topology.inInternet(
                    List.of("ss", "-Huln", "sport = :53"))).stdout().isBlank(); i++) {
                UdpTest.sleep(100);
            }
            List<String> all = new java.util.ArrayList<>(List.of("--config-net"));
            all.addAll(options);
            return inPasta(null, all, "python3 " + query + " " + target).assertSuccess();
        }
    }

    @Test
    void queryToForwardedAddressIsAnsweredByHostResolverWithMappedSource() {
        Proc.Result r = queryThroughPasta(RESOLVER, List.of("--dns-forward", MAPPED), MAPPED);
        assertEquals(MAPPED + " " + ANSWER, r.stdout().strip(), r::toString);
    }

    /**
     * The home-router case: the gateway is the host's resolver. A query to the gateway goes to
     * it, not to the host's loopback, where the gateway address otherwise leads.
     */
    @Test
    void queryToGatewayThatIsTheHostsResolverIsAnsweredByIt() {
        topology.nameserver(GATEWAY_V4);
        try {
            Proc.Result r = queryThroughPasta(GATEWAY_V4, List.of(), GATEWAY_V4);
            assertEquals(GATEWAY_V4 + " " + ANSWER, r.stdout().strip(), r::toString);
        } finally {
            topology.nameserver(RESOLVER);
        }
    }
}

package io.jpasst.it;

import static io.jpasst.it.Topology.FAR_V4;
import static io.jpasst.it.Topology.FAR_V6;
import static io.jpasst.it.Topology.GATEWAY_V4;
import static io.jpasst.it.Topology.GATEWAY_V6;
import static io.jpasst.it.Topology.REMOTE_V4;
import static io.jpasst.it.Topology.REMOTE_V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ICMP errors for the namespace's UDP: a socket connected to a closed port of a remote sees
 * ECONNREFUSED at once; the TTL or hop limit of its datagrams goes on, so a datagram with
 * TTL 1 draws time-exceeded from the router on the way (as the namespace sees it: the
 * gateway) and {@code traceroute -n} lists both hops to a host behind that router.
 */
class UdpIcmpErrorTest extends PastaTestBase {
    /** Sends to argv[1]:argv[2] on a connected socket; prints how the answer came, timed. */
    private static final String REFUSED = """
            import socket, sys, time
            fam = socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET
            s = socket.socket(fam, socket.SOCK_DGRAM)
            s.connect((sys.argv[1], int(sys.argv[2])))
            s.settimeout(5)
            start = time.monotonic()
            s.send(b'anyone?')
            try:
                s.recv(100)
                print('answered')
            except ConnectionRefusedError:
                print('refused %.3f' % (time.monotonic() - start))
            except socket.timeout:
                print('timeout')
            """;

    /**
     * Sends one datagram with TTL (hop limit) 1 to argv[1]:argv[2] and prints the ICMP type,
     * code and sender of the error it drew, read from the socket's error queue.
     */
    private static final String TTL_ONE = """
            import select, socket, struct, sys
            six = ':' in sys.argv[1]
            s = socket.socket(socket.AF_INET6 if six else socket.AF_INET, socket.SOCK_DGRAM)
            if six:
                s.setsockopt(socket.IPPROTO_IPV6, 25, 1)                       # IPV6_RECVERR
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 1)
            else:
                s.setsockopt(socket.IPPROTO_IP, 11, 1)                         # IP_RECVERR
                s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 1)
            s.connect((sys.argv[1], int(sys.argv[2])))
            s.send(b'probe')
            p = select.poll()
            p.register(s, select.POLLERR)
            if not p.poll(5000):
                sys.exit('no error within 5 s')
            data, anc, flags, addr = s.recvmsg(100, 512, socket.MSG_ERRQUEUE)
            for level, kind, body in anc:
                errno, origin, icmp_type, code, pad, info, extra = struct.unpack('=IBBBBII', body[:16])
                fam = struct.unpack('=H', body[16:18])[0]
                if fam == socket.AF_INET6:
                    who = socket.inet_ntop(socket.AF_INET6, body[24:40])
                else:
                    who = socket.inet_ntop(socket.AF_INET, body[20:24])
                print(icmp_type, code, who)
            """;

    @BeforeAll
    static void farHost() {
        topology.addFarHost();
    }

    private String inNamespace(String name, String text, String args) {
        Path script = topology.writeExecutable(name, text);
        return inConfiguredNamespace("python3 " + script + " " + args).stdout().strip();
    }

    private void refusedWithinASecond(String remote) {
        String got = inNamespace("refused.py", REFUSED, remote + " 9");
        assertTrue(got.startsWith("refused ") && Double.parseDouble(got.substring(8)) < 1.0, got);
    }

    @Test
    void closedRemotePortIsRefusedIpv4() {
        refusedWithinASecond(REMOTE_V4);
    }

    @Test
    void closedRemotePortIsRefusedIpv6() {
        refusedWithinASecond(REMOTE_V6);
    }

    @Test
    void ttlOneDrawsTimeExceededFromTheGatewayIpv4() {
        assertEquals("11 0 " + GATEWAY_V4, inNamespace("ttl1.py", TTL_ONE, FAR_V4 + " 33434"));
    }

    @Test
    void hopLimitOneDrawsTimeExceededFromTheGatewayIpv6() {
        assertEquals("3 0 " + GATEWAY_V6, inNamespace("ttl1.py", TTL_ONE, FAR_V6 + " 33434"));
    }

    /** {@code traceroute -n} to the far host lists the gateway, then the far host, and no more. */
    private void tracerouteListsBothHops(String flags, String gateway, String far) {
        String out = inConfiguredNamespace("traceroute -n -q 1 -w 3 -m 4 " + flags + far).stdout();
        List<List<String>> hops = out.lines().skip(1).map(l -> List.of(l.trim().split("\\s+"))).toList();
        assertEquals(2, hops.size(), out);
        assertEquals(List.of("1", gateway), hops.get(0).subList(0, 2), out);
        assertEquals(List.of("2", far), hops.get(1).subList(0, 2), out);
    }

    @Test
    void tracerouteListsBothHopsIpv4() {
        tracerouteListsBothHops("", GATEWAY_V4, FAR_V4);
    }

    @Test
    void tracerouteListsBothHopsIpv6() {
        tracerouteListsBothHops("-6 ", GATEWAY_V6, FAR_V6);
    }
}

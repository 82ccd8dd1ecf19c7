package io.jpasst.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Multicast from the namespace leaves on the host side (SSDP discovery, podman #24871): a
 * receiver that joined the group on the internet side of the host's uplink gets the M-SEARCH
 * the namespace sent, from the host's address. The limited broadcast is not forwarded, as
 * upstream.
 */
class UdpMulticastTest extends PastaTestBase {
    private static final String SSDP_V4 = "239.255.255.250";
    /** SSDP's site-local group: routed by the host's default route, unlike ff02::c. */
    private static final String SSDP_V6 = "ff05::c";
    private static final int SSDP_PORT = 1900;

    /** Joins argv[1] on veth0, prints the first datagram's source and payload, or times out. */
    private static final String RECEIVER = """
            import socket, struct, sys
            group, port = sys.argv[1], int(sys.argv[2])
            if ':' in group:
                s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(('::', port))
                mreq = socket.inet_pton(socket.AF_INET6, group) + struct.pack('@I', socket.if_nametoindex('veth0'))
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq)
            else:
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(('0.0.0.0', port))
                mreq = socket.inet_aton(group) + socket.inet_aton(sys.argv[3])
                s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
            s.settimeout(float(sys.argv[4]))
            try:
                d, a = s.recvfrom(2048)
                print(a[0], d.split(b'\\r\\n')[0].decode(), flush=True)
            except socket.timeout:
                print('nothing', flush=True)
            """;

    /** Sends an SSDP M-SEARCH to argv[1]:argv[2] five times, 200 ms apart. */
    private static final String SENDER = """
            import socket, sys, time
            fam = socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET
            s = socket.socket(fam, socket.SOCK_DGRAM)
            if fam == socket.AF_INET and sys.argv[1].endswith('.255'):
                s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
            msg = b'M-SEARCH * HTTP/1.1\\r\\nHOST: ' + sys.argv[1].encode() + b':1900\\r\\nMAN: "ssdp:discover"\\r\\nMX: 1\\r\\nST: ssdp:all\\r\\n\\r\\n'
            for i in range(5):
                s.sendto(msg, (sys.argv[1], int(sys.argv[2])))
                time.sleep(0.2)
            """;

    /** What the receiver joined to group on the internet side saw while the namespace sent to dest. */
    private String received(String group, String dest) {
        Path receiver = topology.writeExecutable("mcast-recv.py", RECEIVER);
        Path sender = topology.writeExecutable("mcast-send.py", SENDER);
        try (Proc.Running r = Proc.start(null, topology.work(), topology.inInternet(List.of("python3",
                receiver.toString(), group, "" + SSDP_PORT, Topology.GATEWAY_V4, "8")))) {
            assertTrue(Poll.until(() -> !Proc.run(TIMEOUT, null, topology.work(), topology.inInternet(
                    List.of("ss", "-Huln", "sport = :" + SSDP_PORT))).stdout().isBlank(), Duration.ofSeconds(10)),
                    "receiver not listening");
            inConfiguredNamespace("python3 " + sender + " " + dest + " " + SSDP_PORT);
            Proc.Result got = r.await(TIMEOUT);
            return got.stdout().strip();
        }
    }

    @Test
    void ssdpSearchLeavesOnTheHostSideIpv4() {
        assertEquals(Topology.HOST_V4 + " M-SEARCH * HTTP/1.1", received(SSDP_V4, SSDP_V4));
    }

    @Test
    void ssdpSearchLeavesOnTheHostSideIpv6() {
        String got = received(SSDP_V6, SSDP_V6);
        assertTrue(got.startsWith(Topology.PREFIX_V6) && got.endsWith(" M-SEARCH * HTTP/1.1"), got);
    }

    @Test
    void limitedBroadcastIsNotForwarded() {
        assertEquals("nothing", received(SSDP_V4, "255.255.255.255"));
    }
}

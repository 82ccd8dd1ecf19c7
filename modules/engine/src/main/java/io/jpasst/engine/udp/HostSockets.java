package io.jpasst.engine.udp;

import io.jpasst.engine.conf.Config;
import io.jpasst.engine.conf.FamilyConfig;
import io.jpasst.engine.flow.GuestNatConfig;
import io.jpasst.engine.flow.SocketAddresses;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * How UDP's sockets towards the host side are made and addressed: datagram sockets, peers'
 * socket addresses (IPv4-mapped when they came that way), and the
 * binding of guest-initiated sockets to {@code -o} and {@code --outbound-if4/6} when given.
 */
final class HostSockets {
    static final int LOOPBACK4 = 0x7f00_0001;
    /** The high word of lo of an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
    static final long MAPPED4 = 0xffffL << 32;

    private final MemorySegment[] ifName = new MemorySegment[2];
    private final int[] ifLen = new int[2];
    private final long[][] outbound = new long[2][];
    private final MemorySegment scratch = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE, 8);

    HostSockets(Config config) {
        family(0, config.ip4());
        family(1, config.ip6());
    }

    private void family(int i, FamilyConfig<?> fc) {
        fc.outboundIf().ifPresent(name -> {
            byte[] b = name.getBytes(StandardCharsets.UTF_8);
            ifName[i] = Arena.ofAuto().allocate(b.length + 1L);
            MemorySegment.copy(b, 0, ifName[i], ValueLayout.JAVA_BYTE, 0, b.length);
            ifLen[i] = b.length + 1;
        });
        InetAddress o = fc.outbound().orElse(null);
        if (o != null) {
            outbound[i] = new long[] {GuestNatConfig.hi(o), GuestNatConfig.lo(o)};
        }
    }

    /** A new non-blocking datagram socket: descriptor or -errno. */
    static int open(boolean six) {
        return Sock.socket(six ? Sock.AF_INET6 : Sock.AF_INET, Sock.SOCK_DGRAM | Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC, 0);
    }

    /** A sockaddr for an IPv4 peer, as an IPv4-mapped IPv6 one when {@code mapped}. */
    static int writePeer(MemorySegment sa, long off, boolean six, boolean mapped, long hi, long lo, int port) {
        return SocketAddresses.write(sa, off, six || mapped, hi, mapped ? MAPPED4 | lo : lo, port);
    }

    /** Binds a guest-initiated socket to -o / --outbound-if*; returns 0 or -errno. */
    int bindOutbound(int fd, boolean six) {
        int i = six ? 1 : 0;
        if (ifName[i] != null) {
            int rc = Sock.setsockopt(fd, Sock.SOL_SOCKET, Sock.SO_BINDTODEVICE, ifName[i], 0, ifLen[i]);
            if (rc < 0) {
                return rc;
            }
        }
        if (outbound[i] != null) {
            int len = SocketAddresses.write(scratch, 0, six, outbound[i][0], outbound[i][1], 0);
            return Sock.bind(fd, scratch, 0, len);
        }
        return 0;
    }
}

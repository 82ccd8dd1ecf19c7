package io.jpasst.engine.udp;

import io.jpasst.engine.conf.Config;
import io.jpasst.engine.conf.FamilyConfig;
import io.jpasst.engine.ip.Ipv6;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * How UDP's sockets towards the host side are made and addressed: datagram sockets, socket
 * addresses written from the data path's {hi, lo} form (IPv4 in the low word of lo), and the
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
            ByteBuffer b = ByteBuffer.wrap(o.getAddress());
            outbound[i] = b.capacity() == 4 ? new long[] {0, Integer.toUnsignedLong(b.getInt(0))}
                    : new long[] {b.getLong(0), b.getLong(8)};
        }
    }

    /** A new non-blocking datagram socket: descriptor or -errno. */
    static int open(boolean six) {
        return Sock.socket(six ? Sock.AF_INET6 : Sock.AF_INET, Sock.SOCK_DGRAM | Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC, 0);
    }

    /** Writes a sockaddr for {@code hi/lo:port} at {@code sa[off]}; returns its length. */
    static int write(MemorySegment sa, long off, boolean six, long hi, long lo, int port) {
        if (!six) {
            return SockAddr.writeIn4(sa, off, (int) lo, port);
        }
        long a = off + SockAddr.IN6_ADDR_OFFSET;
        Ipv6.address(sa, a, hi, lo);
        return SockAddr.writeIn6(sa, off, sa, a, port, 0); // copies the address onto itself
    }

    /** A sockaddr for an IPv4 peer, as an IPv4-mapped IPv6 one when {@code mapped}. */
    static int writePeer(MemorySegment sa, long off, boolean six, boolean mapped, long hi, long lo, int port) {
        return mapped ? write(sa, off, true, 0, MAPPED4 | lo, port) : write(sa, off, six, hi, lo, port);
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
            int len = write(scratch, 0, six, outbound[i][0], outbound[i][1], 0);
            return Sock.bind(fd, scratch, 0, len);
        }
        return 0;
    }
}

package io.jpasst.engine.udp;

import io.jpasst.engine.conf.Config;
import io.jpasst.engine.conf.FamilyConfig;
import io.jpasst.engine.host.GuestNetwork;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where a datagram the guest addressed to {@code dst:port} really goes, and how the host
 * socket for it is bound. Two translations apply: the host-loopback address (the gateway by
 * default, {@code --map-host-loopback}, off with {@code --no-map-gw}) reaches the host's
 * 127.0.0.1 / ::1, and {@code --dns-forward} ADDR port 53 reaches the resolver
 * ({@code --dns-host}, else the first one of that family). Other sockets are bound to
 * {@code -o} and {@code --outbound-if4/6} when given; loopback-bound ones never are.
 */
final class OutboundTargets {
    static final int LOOPBACK4 = 0x7f00_0001;
    static final int DNS_PORT = 53;

    private final Family v4;
    private final Family v6;
    private final MemorySegment scratch = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE + 16, 8);

    /** The addresses one family translates and binds to; absent ones are null. */
    private record Family(long[] hostLoopback, long[] dnsForward, long[] dnsTarget, long[] outbound,
                          MemorySegment outboundIf, int outboundIfLen) {
    }

    OutboundTargets(Config config, GuestNetwork guest) {
        boolean mapGw = !config.features().noMapGw();
        v4 = family(config.ip4(), mapGw ? guest.gateway4() : null, guest, Inet4Address.class);
        v6 = family(config.ip6(), mapGw ? guest.gateway6() : null, guest, Inet6Address.class);
    }

    private static Family family(FamilyConfig<?> fc, InetAddress gateway, GuestNetwork guest, Class<?> type) {
        InetAddress loop = fc.mapHostLoopback().map(InetAddress.class::cast).orElse(gateway);
        InetAddress dnsTarget = fc.dnsHost().map(InetAddress.class::cast)
                .or(() -> guest.resolvers().stream().filter(type::isInstance).findFirst()).orElse(null);
        MemorySegment ifName = null;
        int ifLen = 0;
        Optional<String> oif = fc.outboundIf();
        if (oif.isPresent()) {
            byte[] b = oif.get().getBytes(StandardCharsets.UTF_8);
            ifName = Arena.ofAuto().allocate(b.length + 1L);
            MemorySegment.copy(b, 0, ifName, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, b.length);
            ifLen = b.length + 1;
        }
        return new Family(bits(loop), bits(fc.dnsForward().orElse(null)), bits(dnsTarget),
                bits(fc.outbound().orElse(null)), ifName, ifLen);
    }

    /** {hi, lo} as the data path keeps addresses (IPv4 in the low word of lo), or null. */
    static long[] bits(InetAddress a) {
        if (a == null) {
            return null;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return new long[] {0, ByteBuffer.wrap(b).getInt() & 0xffff_ffffL};
        }
        ByteBuffer bb = ByteBuffer.wrap(b);
        return new long[] {bb.getLong(0), bb.getLong(8)};
    }

    private static boolean is(long[] a, long hi, long lo) {
        return a != null && a[0] == hi && a[1] == lo;
    }

    /**
     * Writes the real destination for the guest's {@code hi/lo:port} into {@code sa[0]}.
     * Returns the address length; the address is loopback when {@link #lastWasLoopback}.
     */
    int target(MemorySegment sa, boolean six, long hi, long lo, int port) {
        Family f = six ? v6 : v4;
        long th = hi;
        long tl = lo;
        loopback = false;
        if (is(f.hostLoopback, hi, lo)) {
            th = 0;
            tl = six ? 1 : LOOPBACK4;
            loopback = true;
        } else if (port == DNS_PORT && is(f.dnsForward, hi, lo) && f.dnsTarget != null) {
            th = f.dnsTarget[0];
            tl = f.dnsTarget[1];
        }
        return write(sa, six, th, tl, port);
    }

    private boolean loopback;

    boolean lastWasLoopback() {
        return loopback;
    }

    /** Writes a sockaddr for {@code hi/lo:port} (IPv4 in the low word of lo); returns its length. */
    int write(MemorySegment sa, boolean six, long hi, long lo, int port) {
        return write(sa, 0, six, hi, lo, port);
    }

    /** As {@link #write(MemorySegment, boolean, long, long, int)}, at {@code sa[off]}. */
    int write(MemorySegment sa, long off, boolean six, long hi, long lo, int port) {
        if (!six) {
            return SockAddr.writeIn4(sa, off, (int) lo, port);
        }
        long a = SockAddr.STORAGE_SIZE;
        io.jpasst.engine.ip.Ipv6.address(scratch, a, hi, lo);
        return SockAddr.writeIn6(sa, off, scratch, a, port, 0);
    }

    /** Binds a new outbound socket to -o / --outbound-if*; returns 0 or -errno. */
    int bindOutbound(int fd, boolean six) {
        Family f = six ? v6 : v4;
        if (f.outboundIf != null) {
            int rc = Sock.setsockopt(fd, Sock.SOL_SOCKET, Sock.SO_BINDTODEVICE, f.outboundIf, 0, f.outboundIfLen);
            if (rc < 0) {
                return rc;
            }
        }
        if (f.outbound != null) {
            int len = write(scratch, six, f.outbound[0], f.outbound[1], 0);
            return Sock.bind(fd, scratch, 0, len);
        }
        return 0;
    }
}

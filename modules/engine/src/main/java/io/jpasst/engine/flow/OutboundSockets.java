package io.jpasst.engine.flow;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.conf.FamilyConfig;
import io.jpasst.engine.flow.nat.HiLo;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * The one place that prepares a socket the guest's traffic leaves through (TCP connect, UDP
 * and ping sockets): {@code SO_BINDTODEVICE} to {@code --outbound-if4/6} and a bind to
 * {@code -o} when given, per address family. Sockets towards the host's loopback (the
 * {@code --map-host-loopback} alias) are left alone: neither an outside interface nor an
 * outside source address can reach 127.0.0.1 or ::1.
 *
 * <p>Used from the loop thread only; preallocated, so opening a flow allocates nothing here.
 */
public final class OutboundSockets {

    private final MemorySegment[] ifName = new MemorySegment[2];
    private final int[] ifLen = new int[2];
    private final boolean[] hasAddress = new boolean[2];
    private final long[] hi = new long[2];
    private final long[] lo = new long[2];
    private final boolean freebind;
    private final MemorySegment scratch = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE, 8);

    /**
     * @param freebind set {@code IP_FREEBIND}/{@code IPV6_FREEBIND} before binding to the
     *                 {@code -o} address, so it may be configured later ({@code --freebind}; as
     *                 the C pasta does, for UDP only)
     */
    public OutboundSockets(Config config, boolean freebind) {
        this.freebind = freebind;
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
            hasAddress[i] = true;
            hi[i] = HiLo.hi(o);
            lo[i] = HiLo.lo(o);
        }
    }

    /**
     * Prepares {@code fd} for a connection to {@code targetHi/targetLo}: interface, then
     * source address (any port). Returns 0 or -errno; on error the caller closes the socket,
     * since traffic leaving another way than configured is worse than none.
     */
    public int prepare(int fd, boolean six, long targetHi, long targetLo) {
        return prepare(fd, six, targetHi, targetLo, 0);
    }

    /**
     * As {@link #prepare(int, boolean, long, long)}, binding to {@code port} as well (a ping
     * socket's echo identifier, which the remote should see unchanged) where it is free; where
     * it is taken, the kernel picks another, and the source address stays the configured one.
     */
    public int prepare(int fd, boolean six, long targetHi, long targetLo, int port) {
        int i = six ? 1 : 0;
        boolean outside = !HiLo.loopback(six, targetHi, targetLo);
        if (outside && ifName[i] != null) {
            int rc = Sock.setsockopt(fd, Sock.SOL_SOCKET, Sock.SO_BINDTODEVICE, ifName[i], 0, ifLen[i]);
            if (rc < 0) {
                return rc;
            }
        }
        boolean address = outside && hasAddress[i];
        if (!address && port == 0) {
            return 0; // connect() or the first send picks address and port
        }
        if (address && freebind) {
            Sock.setsockoptInt(fd, six ? Sock.IPPROTO_IPV6 : Sock.IPPROTO_IP, six ? Sock.IPV6_FREEBIND : Sock.IP_FREEBIND, 1);
        }
        int rc = bind(fd, six, address, port);
        if (rc < 0 && port != 0) {
            rc = address ? bind(fd, six, true, 0) : 0;
        }
        return rc;
    }

    private int bind(int fd, boolean six, boolean address, int port) {
        int i = six ? 1 : 0;
        int len = SocketAddresses.write(scratch, 0, six, address ? hi[i] : 0, address ? lo[i] : 0, port);
        return Sock.bind(fd, scratch, 0, len);
    }
}

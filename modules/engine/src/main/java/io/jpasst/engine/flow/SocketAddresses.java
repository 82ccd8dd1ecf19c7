package io.jpasst.engine.flow;

import io.jpasst.engine.flow.nat.HiLo;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.MemorySegment;

/**
 * Socket addresses from the data path's {hi, lo} form of an address (IPv4 in the low 32 bits
 * of lo, see {@link HiLo}), written in place without allocating: what TCP, UDP and ICMP connect and send to.
 */
public final class SocketAddresses {
    private SocketAddresses() {}

    /** Writes the loopback address of the family (127.0.0.1 or ::1) with {@code port}; returns its length. */
    public static int writeLoopback(MemorySegment sa, long off, boolean six, int port) {
        return write(sa, off, six, 0, six ? 1 : HiLo.LOOPBACK4, port);
    }

    /** Writes a sockaddr_in or sockaddr_in6 for {@code hi/lo:port} at {@code sa[off]}; returns its length. */
    public static int write(MemorySegment sa, long off, boolean six, long hi, long lo, int port) {
        if (!six) {
            return SockAddr.writeIn4(sa, off, (int) lo, port);
        }
        long a = off + SockAddr.IN6_ADDR_OFFSET;
        Ipv6.address(sa, a, hi, lo);
        return SockAddr.writeIn6(sa, off, sa, a, port, 0); // copies the address onto itself
    }
}

package io.jpasst.engine.flow.nat;

import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.MemorySegment;

/**
 * A peer's socket address (what accept, recvmmsg or the error queue report) read into the
 * {@link HiLo} form, in place: one instance per user, reused, so reading allocates nothing. A
 * dual-stack socket reports IPv4 peers as IPv4-mapped IPv6 addresses: those read as IPv4, with
 * {@link #mapped()} set so an answer can go back the same way.
 */
public final class PeerAddress {
    private boolean six;
    private boolean mapped;
    private long hi;
    private long lo;
    private int port;

    /** Reads the sockaddr at {@code sa[off]}; false (and nothing read) for a family other than IPv4 or IPv6. */
    public boolean read(MemorySegment sa, long off) {
        int family = SockAddr.family(sa, off);
        if (family == Sock.AF_INET) {
            six = false;
            mapped = false;
            hi = 0;
            lo = SockAddr.in4Addr(sa, off) & 0xffff_ffffL;
        } else if (family == Sock.AF_INET6) {
            long h = Ipv6.hi(sa, off + SockAddr.IN6_ADDR_OFFSET);
            long l = Ipv6.lo(sa, off + SockAddr.IN6_ADDR_OFFSET);
            mapped = HiLo.mapped4(h, l);
            six = !mapped;
            hi = h;
            lo = mapped ? l & 0xffff_ffffL : l;
        } else {
            return false;
        }
        port = SockAddr.port(sa, off);
        return true;
    }

    /** IPv6 (an IPv4-mapped peer is not). */
    public boolean six() {
        return six;
    }

    /** An IPv4 peer that came as an IPv4-mapped IPv6 address. */
    public boolean mapped() {
        return mapped;
    }

    public long hi() {
        return hi;
    }

    public long lo() {
        return lo;
    }

    public int port() {
        return port;
    }

    /** On the host's loopback interface (127.0.0.0/8 or ::1). */
    public boolean loopbackNet() {
        return HiLo.loopbackNet(six, hi, lo);
    }
}

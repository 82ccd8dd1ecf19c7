package io.jpasst.engine.proto.udp;

import io.jpasst.engine.flow.SocketAddresses;
import io.jpasst.engine.flow.nat.HiLo;
import io.jpasst.sys.Sock;
import java.lang.foreign.MemorySegment;

/**
 * How UDP's sockets towards the host side are made and addressed: datagram sockets and
 * peers' socket addresses (IPv4-mapped when they came that way). Binding to {@code -o} and
 * {@code --outbound-if4/6} is {@link io.jpasst.engine.flow.OutboundSockets}'s.
 */
final class HostSockets {

    private HostSockets() {}

    /** A new non-blocking datagram socket: descriptor or -errno. */
    static int open(boolean six) {
        return Sock.socket(six ? Sock.AF_INET6 : Sock.AF_INET, Sock.SOCK_DGRAM | Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC, 0);
    }

    /** A sockaddr for an IPv4 peer, as an IPv4-mapped IPv6 one when {@code mapped}. */
    static int writePeer(MemorySegment sa, long off, boolean six, boolean mapped, long hi, long lo, int port) {
        return SocketAddresses.write(sa, off, six || mapped, hi, mapped ? HiLo.MAPPED4 | lo : lo, port);
    }
}

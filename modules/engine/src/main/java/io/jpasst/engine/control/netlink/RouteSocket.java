package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Fd;
import io.jpasst.sys.Rtnl;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A NETLINK_ROUTE socket. It belongs to the network namespace of the thread that created
 * it, for its whole life: open it on a thread that has joined the namespace to be configured.
 */
public final class RouteSocket implements NetlinkTransport {
    private final int fd;
    /** A second close() must not close whatever fd number got reused meanwhile. */
    private boolean closed;

    private RouteSocket(int fd) {
        this.fd = fd;
    }

    /** Opens and binds a socket in the calling thread's network namespace. */
    public static RouteSocket open() {
        int fd = Sock.socket(Sock.AF_NETLINK, Sock.SOCK_RAW | Sock.SOCK_CLOEXEC, Rtnl.NETLINK_ROUTE);
        if (fd < 0) {
            throw new NetlinkException("socket(AF_NETLINK, NETLINK_ROUTE)", -fd);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(16, 4);
            int len = SockAddr.writeNl(sa, 0, 0, 0);
            int rc = Sock.bind(fd, sa, 0, len);
            if (rc < 0) {
                Fd.close(fd);
                throw new NetlinkException("bind(AF_NETLINK)", -rc);
            }
        }
        // Ask for the kernel's error strings, with acks that echo only the request header;
        // kernels without these options just give bare errnos.
        Sock.setsockoptInt(fd, Rtnl.SOL_NETLINK, Rtnl.NETLINK_EXT_ACK, 1);
        Sock.setsockoptInt(fd, Rtnl.SOL_NETLINK, Rtnl.NETLINK_CAP_ACK, 1);
        return new RouteSocket(fd);
    }

    public int fd() {
        return fd;
    }

    @Override
    public int send(MemorySegment request, int length) {
        long n = Sock.sendControl(fd, request, 0, length, 0);
        return n < 0 ? (int) n : 0;
    }

    @Override
    public long receive(MemorySegment buffer) {
        return Sock.recvControl(fd, buffer, 0, buffer.byteSize(), Sock.MSG_TRUNC);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Fd.close(fd);
        }
    }
}

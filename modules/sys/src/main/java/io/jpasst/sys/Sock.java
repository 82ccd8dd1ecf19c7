package io.jpasst.sys;

import static io.jpasst.sys.Native.Mode.MAY_BLOCK;
import static io.jpasst.sys.Native.Mode.SHORT;

import io.jpasst.sys.gen.socket.mmsghdr;
import io.jpasst.sys.gen.socket.msghdr;
import io.jpasst.sys.gen.socket.socket_h;
import io.jpasst.sys.gen.process.process_h;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * BSD socket calls. Results are the call's value or {@code -errno}; nothing throws for a
 * failed syscall and nothing allocates. Buffers and socket addresses are regions of native
 * segments; address-length and option cells live in per-thread scratch memory.
 */
public final class Sock {
    private Sock() {}

    // Address families
    public static final int AF_UNIX = socket_h.AF_UNIX();
    public static final int AF_INET = socket_h.AF_INET();
    public static final int AF_INET6 = socket_h.AF_INET6();
    public static final int AF_NETLINK = socket_h.AF_NETLINK();
    // Socket types and type flags
    public static final int SOCK_STREAM = socket_h.SOCK_STREAM();
    public static final int SOCK_DGRAM = socket_h.SOCK_DGRAM();
    public static final int SOCK_RAW = socket_h.SOCK_RAW();
    public static final int SOCK_NONBLOCK = socket_h.SOCK_NONBLOCK();
    public static final int SOCK_CLOEXEC = socket_h.SOCK_CLOEXEC();
    // Protocols
    public static final int IPPROTO_IP = socket_h.IPPROTO_IP();
    public static final int IPPROTO_ICMP = socket_h.IPPROTO_ICMP();
    public static final int IPPROTO_TCP = socket_h.IPPROTO_TCP();
    public static final int IPPROTO_IPV6 = socket_h.IPPROTO_IPV6();
    public static final int IPPROTO_ICMPV6 = socket_h.IPPROTO_ICMPV6();
    // Option levels
    public static final int SOL_SOCKET = socket_h.SOL_SOCKET();
    public static final int SOL_IP = socket_h.SOL_IP();
    public static final int SOL_IPV6 = socket_h.SOL_IPV6();
    // Socket options
    public static final int SO_REUSEADDR = socket_h.SO_REUSEADDR();
    public static final int SO_ERROR = socket_h.SO_ERROR();
    public static final int SO_TYPE = socket_h.SO_TYPE();
    public static final int SO_RCVBUF = socket_h.SO_RCVBUF();
    public static final int SO_SNDBUF = socket_h.SO_SNDBUF();
    public static final int SO_KEEPALIVE = socket_h.SO_KEEPALIVE();
    public static final int SO_LINGER = socket_h.SO_LINGER();
    public static final int SO_PEEK_OFF = socket_h.SO_PEEK_OFF();
    /** The socket's memory accounting: an array of {@link #SK_MEMINFO_VARS} 32-bit slots. */
    public static final int SO_MEMINFO = socket_h.SO_MEMINFO();
    public static final int SK_MEMINFO_SNDBUF = socket_h.SK_MEMINFO_SNDBUF();
    public static final int SK_MEMINFO_WMEM_QUEUED = socket_h.SK_MEMINFO_WMEM_QUEUED();
    public static final int SK_MEMINFO_VARS = socket_h.SK_MEMINFO_VARS();
    public static final int SO_BINDTODEVICE = socket_h.SO_BINDTODEVICE();
    public static final int SO_PEERCRED = socket_h.SO_PEERCRED();
    // Ancillary data
    public static final int SCM_RIGHTS = socket_h.SCM_RIGHTS();
    // TCP options
    public static final int TCP_NODELAY = socket_h.TCP_NODELAY();
    public static final int TCP_INFO = socket_h.TCP_INFO();
    public static final int TCP_SYNCNT = socket_h.TCP_SYNCNT();
    // IPv4 options
    public static final int IP_TTL = socket_h.IP_TTL();
    public static final int IP_RECVERR = socket_h.IP_RECVERR();
    public static final int IP_FREEBIND = socket_h.IP_FREEBIND();
    // IPv6 options
    public static final int IPV6_V6ONLY = socket_h.IPV6_V6ONLY();
    public static final int IPV6_RECVERR = socket_h.IPV6_RECVERR();
    public static final int IPV6_UNICAST_HOPS = socket_h.IPV6_UNICAST_HOPS();
    public static final int IPV6_FREEBIND = socket_h.IPV6_FREEBIND();
    // Message flags
    public static final int MSG_PEEK = socket_h.MSG_PEEK();
    public static final int MSG_CTRUNC = socket_h.MSG_CTRUNC();
    public static final int MSG_TRUNC = socket_h.MSG_TRUNC();
    public static final int MSG_DONTWAIT = socket_h.MSG_DONTWAIT();
    public static final int MSG_WAITALL = socket_h.MSG_WAITALL();
    public static final int MSG_NOSIGNAL = socket_h.MSG_NOSIGNAL();
    public static final int MSG_ERRQUEUE = socket_h.MSG_ERRQUEUE();
    public static final int MSG_CMSG_CLOEXEC = socket_h.MSG_CMSG_CLOEXEC();
    // shutdown(2)
    public static final int SHUT_WR = socket_h.SHUT_WR();

    private static final long MSGHDR_SIZE = msghdr.sizeof();
    private static final long MMSGHDR_SIZE = mmsghdr.sizeof();
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final int INT_SIZE = (int) INT.byteSize();

    /** Its own handle, not {@link Syscall}: TCP sets SO_PEEK_OFF per segment, which must not allocate. */
    private static final class SETSOCKOPT {
        static final MethodHandle H = Native.downcall(socket_h.setsockopt$address(), socket_h.setsockopt$descriptor(), SHORT, 3);
    }
    private static final class SOCKETPAIR {
        static final MethodHandle H = Native.downcall(socket_h.socketpair$address(), socket_h.socketpair$descriptor(), SHORT, 3);
    }
    private static final class CONNECT {
        static final MethodHandle H = Native.downcall(socket_h.connect$address(), socket_h.connect$descriptor(), MAY_BLOCK, 1);
    }
    private static final class ACCEPT4 {
        static final MethodHandle H = Native.downcall(socket_h.accept4$address(), socket_h.accept4$descriptor(), MAY_BLOCK, 1, 2);
    }
    private static final class SHUTDOWN {
        static final MethodHandle H = Native.downcall(socket_h.shutdown$address(), socket_h.shutdown$descriptor(), SHORT);
    }
    private static final class GETSOCKOPT {
        static final MethodHandle H = Native.downcall(socket_h.getsockopt$address(), socket_h.getsockopt$descriptor(), SHORT, 3, 4);
    }
    private static final class GETSOCKNAME {
        static final MethodHandle H = Native.downcall(socket_h.getsockname$address(), socket_h.getsockname$descriptor(), SHORT, 1, 2);
    }
    private static final class GETPEERNAME {
        static final MethodHandle H = Native.downcall(socket_h.getpeername$address(), socket_h.getpeername$descriptor(), SHORT, 1, 2);
    }
    private static final class RECV {
        static final MethodHandle H = Native.downcall(socket_h.recv$address(), socket_h.recv$descriptor(), MAY_BLOCK, 1);
    }
    private static final class SEND {
        static final MethodHandle H = Native.downcall(socket_h.send$address(), socket_h.send$descriptor(), MAY_BLOCK, 1);
    }
    private static final class RECVFROM {
        static final MethodHandle H = Native.downcall(socket_h.recvfrom$address(), socket_h.recvfrom$descriptor(), MAY_BLOCK, 1, 4, 5);
    }
    private static final class SENDTO {
        static final MethodHandle H = Native.downcall(socket_h.sendto$address(), socket_h.sendto$descriptor(), MAY_BLOCK, 1, 4);
    }
    private static final class RECVMSG {
        static final MethodHandle H = Native.downcall(socket_h.recvmsg$address(), socket_h.recvmsg$descriptor(), MAY_BLOCK, 1);
    }
    private static final class SENDMSG {
        static final MethodHandle H = Native.downcall(socket_h.sendmsg$address(), socket_h.sendmsg$descriptor(), MAY_BLOCK, 1);
    }
    private static final class RECVMMSG {
        static final MethodHandle H = Native.downcall(socket_h.recvmmsg$address(), socket_h.recvmmsg$descriptor(), MAY_BLOCK, 1, 4);
    }
    private static final class SENDMMSG {
        static final MethodHandle H = Native.downcall(socket_h.sendmmsg$address(), socket_h.sendmmsg$descriptor(), MAY_BLOCK, 1);
    }

    /** socket(2): fd or -errno. */
    public static int socket(int domain, int type, int protocol) {
        return (int) Syscall.call(process_h.SYS_socket(), domain, type, protocol);
    }

    /** socketpair(2): both fds packed as {@link Fd#pipe2} does (see {@link Fd#first}), or -errno. */
    public static long socketpair(int domain, int type, int protocol) {
        Scratch s = Scratch.get();
        try {
            int r = (int) SOCKETPAIR.H.invokeExact(s.errno, domain, type, protocol, s.cellAddress);
            return r < 0 ? -s.errno() : Fd.pairOf(s.cell);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** bind(2) to the {@code saLen}-byte address at {@code sa[saOff]}: 0 or -errno. */
    public static int bind(int fd, MemorySegment sa, long saOff, int saLen) {
        long addr = Native.region(sa, saOff, saLen);
        return (int) Syscall.call(process_h.SYS_bind(), fd, addr, saLen);
    }

    /** connect(2): 0, or -errno (-EINPROGRESS for a non-blocking socket still connecting). */
    public static int connect(int fd, MemorySegment sa, long saOff, int saLen) {
        long addr = Native.region(sa, saOff, saLen);
        return Invoke.fdPtrInt(CONNECT.H, fd, addr, saLen);
    }

    public static int listen(int fd, int backlog) {
        return (int) Syscall.call(process_h.SYS_listen(), fd, backlog);
    }

    /**
     * accept4(2). If {@code sa} is non-null the peer address is stored at {@code sa[saOff]}
     * (up to the space left in the segment); its length is then {@link #lastAddressLength()}.
     */
    public static int accept4(int fd, MemorySegment sa, long saOff, int flags) {
        Scratch s = Scratch.get();
        long addr = 0;
        long lenAddr = 0;
        if (sa != null) {
            int room = addressRoom(sa, saOff);
            addr = Native.region(sa, saOff, room);
            s.len.set(INT, 0, room);
            lenAddr = s.lenAddress;
        }
        try {
            return s.check((int) ACCEPT4.H.invokeExact(s.errno, fd, addr, lenAddr, flags));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** Sends one descriptor over a UNIX socket (SCM_RIGHTS); slow path, throws SysException. */
    public static void sendFd(int sock, int fd) {
        ScmRights.sendFd(sock, fd);
    }

    /** Receives one descriptor sent with {@link #sendFd}; slow path, throws SysException. */
    public static int recvFd(int sock) {
        return ScmRights.recvFd(sock);
    }

    /** Address length the kernel reported to the last accept4/recvfrom on this thread. */
    public static int lastAddressLength() {
        return Scratch.get().len.get(INT, 0);
    }

    public static int shutdown(int fd, int how) {
        return Invoke.int2(SHUTDOWN.H, fd, how);
    }

    /** setsockopt(2) with an int value: 0 or -errno. */
    public static int setsockoptInt(int fd, int level, int opt, int value) {
        Scratch s = Scratch.get();
        s.cell.set(INT, 0, value);
        try {
            return s.check((int) SETSOCKOPT.H.invokeExact(s.errno, fd, level, opt, s.cellAddress, INT_SIZE));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /**
     * Closes a TCP socket so that its peer sees a reset rather than an orderly end: SO_LINGER
     * on with a zero timeout, then close(2). Returns close's 0 or -errno.
     */
    public static int closeWithReset(int fd) {
        Scratch s = Scratch.get();
        s.cell.set(INT, 0, 1);
        s.cell.set(INT, 4, 0);
        try {
            s.check((int) SETSOCKOPT.H.invokeExact(s.errno, fd, SOL_SOCKET, SO_LINGER, s.cellAddress, 2 * INT_SIZE));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
        return Fd.close(fd);
    }

    /** setsockopt(2) with {@code len} bytes at {@code val[off]} (e.g. SO_BINDTODEVICE name). */
    public static int setsockopt(int fd, int level, int opt, MemorySegment val, long off, int len) {
        long addr = Native.region(val, off, len);
        Scratch s = Scratch.get();
        try {
            return s.check((int) SETSOCKOPT.H.invokeExact(s.errno, fd, level, opt, addr, len));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** getsockopt(2) of an int option: its value (options are never negative) or -errno. */
    public static int getsockoptInt(int fd, int level, int opt) {
        Scratch s = Scratch.get();
        s.len.set(INT, 0, INT_SIZE);
        try {
            int r = (int) GETSOCKOPT.H.invokeExact(s.errno, fd, level, opt, s.cellAddress, s.lenAddress);
            return r < 0 ? -s.errno() : s.cell.get(INT, 0);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** getsockopt(2) into {@code out[off, off+len)} (TCP_INFO...): length returned, or -errno. */
    public static int getsockopt(int fd, int level, int opt, MemorySegment out, long off, int len) {
        long addr = Native.region(out, off, len);
        Scratch s = Scratch.get();
        s.len.set(INT, 0, len);
        try {
            int r = (int) GETSOCKOPT.H.invokeExact(s.errno, fd, level, opt, addr, s.lenAddress);
            return r < 0 ? -s.errno() : s.len.get(INT, 0);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** getsockname(2) into {@code sa[off]}: the address length, or -errno. */
    public static int getsockname(int fd, MemorySegment sa, long off) {
        return nameCall(false, fd, sa, off);
    }

    /** getpeername(2) into {@code sa[off]}: the address length, or -errno (-ENOTCONN). */
    public static int getpeername(int fd, MemorySegment sa, long off) {
        return nameCall(true, fd, sa, off);
    }

    /**
     * Names the handle it invokes rather than taking it as a parameter: bin/pasta compiles
     * this class's methods on their own, where only a named handle is a JIT constant.
     */
    private static int nameCall(boolean peer, int fd, MemorySegment sa, long off) {
        int room = addressRoom(sa, off);
        long addr = Native.region(sa, off, room);
        Scratch s = Scratch.get();
        s.len.set(INT, 0, room);
        try {
            int r = peer ? (int) GETPEERNAME.H.invokeExact(s.errno, fd, addr, s.lenAddress)
                    : (int) GETSOCKNAME.H.invokeExact(s.errno, fd, addr, s.lenAddress);
            return r < 0 ? -s.errno() : s.len.get(INT, 0);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** Room for a socket address at {@code sa[off]}: what is left, at most a sockaddr_storage. */
    private static int addressRoom(MemorySegment sa, long off) {
        return (int) Math.min(SockAddr.STORAGE_SIZE, sa.byteSize() - off);
    }

    /** recv(2) into {@code seg[off, off+len)}: bytes, 0 at orderly shutdown, or -errno. */
    public static long recv(int fd, MemorySegment seg, long off, long len, int flags) {
        long addr = Native.region(seg, off, len);
        return Invoke.transfer(RECV.H, fd, addr, len, flags);
    }

    /** send(2) from {@code seg[off, off+len)}: bytes sent or -errno. */
    public static long send(int fd, MemorySegment seg, long off, long len, int flags) {
        long addr = Native.region(seg, off, len);
        return Invoke.transfer(SEND.H, fd, addr, len, flags);
    }

    /**
     * recv(2) for control sockets (rtnetlink at start-up): through {@link Syscall}, so that
     * configuring a namespace links no handle of its own (the data path's {@link #recv} shape
     * is linked when traffic first needs it). Allocates a little per call: not per packet.
     */
    public static long recvControl(int fd, MemorySegment seg, long off, long len, int flags) {
        long addr = Native.region(seg, off, len);
        return Syscall.call(process_h.SYS_recvfrom(), fd, addr, len, flags, 0, 0);
    }

    /** send(2) for control sockets, through {@link Syscall}; see {@link #recvControl}. */
    public static long sendControl(int fd, MemorySegment seg, long off, long len, int flags) {
        long addr = Native.region(seg, off, len);
        return Syscall.call(process_h.SYS_sendto(), fd, addr, len, flags, 0, 0);
    }

    /**
     * recvfrom(2); the source address goes to {@code sa[saOff]} (room {@code saLen}, or no
     * address if {@code sa} is null) and its length to {@link #lastAddressLength()}.
     */
    public static long recvfrom(int fd, MemorySegment seg, long off, long len, int flags,
                                MemorySegment sa, long saOff, int saLen) {
        long addr = Native.region(seg, off, len);
        Scratch s = Scratch.get();
        long saAddr = 0;
        long lenAddr = 0;
        if (sa != null) {
            saAddr = Native.region(sa, saOff, saLen);
            s.len.set(INT, 0, saLen);
            lenAddr = s.lenAddress;
        }
        try {
            return s.check((long) RECVFROM.H.invokeExact(s.errno, fd, addr, len, flags, saAddr, lenAddr));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** sendto(2) to the {@code saLen}-byte address at {@code sa[saOff]}: bytes or -errno. */
    public static long sendto(int fd, MemorySegment seg, long off, long len, int flags,
                              MemorySegment sa, long saOff, int saLen) {
        long addr = Native.region(seg, off, len);
        long saAddr = Native.region(sa, saOff, saLen);
        Scratch s = Scratch.get();
        try {
            return s.check((long) SENDTO.H.invokeExact(s.errno, fd, addr, len, flags, saAddr, saLen));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** recvmsg(2) with the struct msghdr at {@code msg[off]}: bytes or -errno. */
    public static long recvmsg(int fd, MemorySegment msg, long off, int flags) {
        long addr = Native.region(msg, off, MSGHDR_SIZE);
        return Invoke.sizeFdPtrInt(RECVMSG.H, fd, addr, flags);
    }

    /** sendmsg(2) with the struct msghdr at {@code msg[off]}: bytes or -errno. */
    public static long sendmsg(int fd, MemorySegment msg, long off, int flags) {
        long addr = Native.region(msg, off, MSGHDR_SIZE);
        return Invoke.sizeFdPtrInt(SENDMSG.H, fd, addr, flags);
    }

    /**
     * recvmmsg(2) into {@code vlen} struct mmsghdr at {@code vec[off]}, no timeout: number of
     * messages (each one's length in {@link MMsgHdr#len}) or -errno.
     */
    public static int recvmmsg(int fd, MemorySegment vec, long off, int vlen, int flags) {
        long addr = Native.region(vec, off, vlen * MMSGHDR_SIZE);
        Scratch s = Scratch.get();
        try {
            return s.check((int) RECVMMSG.H.invokeExact(s.errno, fd, addr, vlen, flags, 0L));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** sendmmsg(2) of {@code vlen} struct mmsghdr at {@code vec[off]}: messages sent or -errno. */
    public static int sendmmsg(int fd, MemorySegment vec, long off, int vlen, int flags) {
        long addr = Native.region(vec, off, vlen * MMSGHDR_SIZE);
        Scratch s = Scratch.get();
        try {
            return s.check((int) SENDMMSG.H.invokeExact(s.errno, fd, addr, vlen, flags));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}

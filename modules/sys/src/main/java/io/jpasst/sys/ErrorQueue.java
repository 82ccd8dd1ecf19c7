package io.jpasst.sys;

import io.jpasst.sys.gen.socket.cmsghdr;
import io.jpasst.sys.gen.socket.sock_extended_err;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads a socket's error queue ({@code IP_RECVERR}, {@code IPV6_RECVERR}) one error at a time
 * into memory allocated once: the ICMP error that came back for a datagram (its type, code,
 * extra information such as the MTU, and the node that sent it) and the start of the payload
 * of the datagram it is about. Reading costs no allocation, so a flood of errors does not
 * either.
 */
public final class ErrorQueue {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;
    // CMSG_ALIGN is a function-like macro: recomputed from struct cmsghdr, as ScmRights does
    private static final long ALIGN = cmsghdr.layout().byteAlignment();
    private static final long CMSG_DATA = align(cmsghdr.sizeof());
    private static final long EE_SIZE = sock_extended_err.sizeof();
    /** Room for the error and its offender, and for a pktinfo the socket may add. */
    private static final long CONTROL_ROOM = 2 * align(CMSG_DATA + EE_SIZE + SockAddr.STORAGE_SIZE);

    public static final int ORIGIN_ICMP = io.jpasst.sys.gen.socket.socket_h.SO_EE_ORIGIN_ICMP();
    public static final int ORIGIN_ICMP6 = io.jpasst.sys.gen.socket.socket_h.SO_EE_ORIGIN_ICMP6();

    private final MemorySegment msg;
    private final MemorySegment iov;
    private final MemorySegment control;
    private final MemorySegment name;
    private final MemorySegment data;
    /** Offset in {@link #control} of the sock_extended_err found by the last read, or -1. */
    private long ee = -1;
    private boolean six;

    /** A reader that keeps up to {@code dataRoom} bytes of the datagram each error is about. */
    public ErrorQueue(int dataRoom) {
        Arena arena = Arena.ofAuto();
        msg = arena.allocate(MsgHdr.SIZE, 8);
        iov = arena.allocate(IoVec.SIZE, 8);
        control = arena.allocate(CONTROL_ROOM, ALIGN);
        name = arena.allocate(SockAddr.STORAGE_SIZE, 8);
        data = arena.allocate(Math.max(1, dataRoom), 8);
    }

    private static long align(long n) {
        return (n + ALIGN - 1) & -ALIGN;
    }

    /**
     * Takes the oldest error off {@code fd}'s queue: the number of payload bytes kept (see
     * {@link #data()}), or -errno ({@code -EAGAIN} when the queue is empty). A queued entry
     * without an IP or IPv6 error record still counts as read; {@link #found()} then says no.
     */
    public long read(int fd) {
        IoVec.set(iov, 0, data.address(), data.byteSize());
        MsgHdr.set(msg, 0, name.address(), SockAddr.STORAGE_SIZE, iov.address(), 1, control.address(),
                control.byteSize());
        ee = -1;
        long n = Sock.recvmsg(fd, msg, 0, Sock.MSG_ERRQUEUE | Sock.MSG_DONTWAIT);
        if (n < 0) {
            return n;
        }
        long len = Math.min(MsgHdr.controllen(msg, 0), control.byteSize());
        for (long off = 0; off + CMSG_DATA <= len; ) {
            long cmsgLen = control.get(WORD, off + cmsghdr.cmsg_len$offset());
            if (cmsgLen < CMSG_DATA || off + cmsgLen > len) {
                break;
            }
            int level = control.get(INT, off + cmsghdr.cmsg_level$offset());
            int type = control.get(INT, off + cmsghdr.cmsg_type$offset());
            boolean ip = level == Sock.SOL_IP && type == Sock.IP_RECVERR;
            boolean ip6 = level == Sock.SOL_IPV6 && type == Sock.IPV6_RECVERR;
            if ((ip || ip6) && cmsgLen >= CMSG_DATA + EE_SIZE) {
                ee = off + CMSG_DATA;
                six = ip6;
                break;
            }
            off += align(cmsgLen);
        }
        return Math.min(n, data.byteSize());
    }

    /** The last read carried an IP or IPv6 error record. */
    public boolean found() {
        return ee >= 0;
    }

    /** It came as an IPv6 error record (ICMPv6, or an IPv4 one on a dual-stack socket). */
    public boolean ipv6Record() {
        return six;
    }

    public int errno() {
        return control.get(INT, ee + sock_extended_err.ee_errno$offset());
    }

    /** {@link #ORIGIN_ICMP}, {@link #ORIGIN_ICMP6}, or a local origin. */
    public int origin() {
        return control.get(ValueLayout.JAVA_BYTE, ee + sock_extended_err.ee_origin$offset()) & 0xff;
    }

    /** The ICMP or ICMPv6 type and code of the error. */
    public int type() {
        return control.get(ValueLayout.JAVA_BYTE, ee + sock_extended_err.ee_type$offset()) & 0xff;
    }

    public int code() {
        return control.get(ValueLayout.JAVA_BYTE, ee + sock_extended_err.ee_code$offset()) & 0xff;
    }

    /** Extra information: the next-hop MTU of "fragmentation needed" and "packet too big". */
    public int info() {
        return control.get(INT, ee + sock_extended_err.ee_info$offset());
    }

    /** The memory holding the offender's sockaddr (the node that sent the error), at {@link #offenderOffset()}. */
    public MemorySegment offender() {
        return control;
    }

    /** SO_EE_OFFENDER: the sockaddr right after the error record. */
    public long offenderOffset() {
        return ee + EE_SIZE;
    }

    /** The start of the payload of the datagram the error is about. */
    public MemorySegment data() {
        return data;
    }
}

package io.jpasst.engine.proto.tcp;

import io.jpasst.sys.Errno;
import io.jpasst.sys.Fd;
import io.jpasst.sys.IoVec;
import io.jpasst.sys.MsgHdr;
import io.jpasst.sys.Sock;
import io.jpasst.sys.Tun;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The socket operations of the translation that need preallocated kernel structures: peeking
 * into several frame payloads at once, discarding acknowledged bytes without copying them,
 * and measuring the free room in a send buffer. One instance, used from the loop thread only.
 */
final class TcpSockets {
    static final int MAX_IOV = 128;

    private final MemorySegment msg;
    private final MemorySegment iov;
    private final MemorySegment meminfo;
    /** Whether the socket measured last by {@link #sendRoom} had anything queued. */
    private boolean lastQueued;

    TcpSockets() {
        Arena arena = Arena.ofAuto();
        msg = arena.allocate(MsgHdr.SIZE, 8);
        iov = arena.allocate((long) IoVec.SIZE * MAX_IOV, 8);
        meminfo = arena.allocate(4L * Sock.SK_MEMINFO_VARS, 8);
    }

    /** Sets entry {@code i} of the peek vector to {@code len} bytes at raw address {@code base}. */
    void vector(int i, long base, long len) {
        IoVec.setAt(iov, 0, i, base, len);
    }

    /**
     * Copies up to the sum of the first {@code count} vector entries from the socket's peek
     * offset on, leaving the data in the socket: bytes, 0 at end of stream, or -errno.
     */
    long peek(int fd, int count) {
        MsgHdr.set(msg, 0, 0, 0, iov.address(), count, 0, 0);
        while (true) {
            long n = Sock.recvmsg(fd, msg, 0, Sock.MSG_PEEK | Sock.MSG_DONTWAIT);
            if (n != -Errno.EINTR) {
                return n;
            }
        }
    }

    /** Drops {@code bytes} the guest acknowledged from the head of the receive queue. */
    long discard(int fd, int bytes) {
        // MSG_TRUNC: the kernel frees the data without copying; no buffer is touched.
        MsgHdr.set(msg, 0, 0, 0, iov.address() + (long) IoVec.SIZE * (MAX_IOV - 1), 1, 0, 0);
        IoVec.setAt(iov, 0, MAX_IOV - 1, 0, bytes);
        while (true) {
            long n = Sock.recvmsg(fd, msg, 0, Sock.MSG_TRUNC | Sock.MSG_DONTWAIT);
            if (n != -Errno.EINTR) {
                return n;
            }
        }
    }

    /**
     * Whether the socket last measured by {@link #sendRoom} held anything: only then can its
     * room still grow (acknowledgements free it, and the kernel's autotuning enlarges a
     * buffer its writer found full), so only then is waiting for it worth anything.
     */
    boolean sendQueued() {
        return lastQueued;
    }

    /** Rewinds the peek offset, so the next peek starts {@code offset} bytes past the head. */
    static int peekOffset(int fd, int offset) {
        return Sock.setsockoptInt(fd, Sock.SOL_SOCKET, Sock.SO_PEEK_OFF, offset);
    }

    /** {@link #sendRoom(int, int)} with the buffer size asked from the socket if need be. */
    int sendRoom(int fd) {
        return sendRoom(fd, -1);
    }

    /**
     * Payload bytes the socket can still take: the window we can offer the guest. The send
     * buffer's limit counts memory (payload, headers, buffer overhead), SIOCOUTQ only payload:
     * the free memory is turned into payload at the ratio the queue shows now, so that small
     * segments, whose overhead is large, do not get a window the socket would refuse. The
     * limit is read each time: the kernel's autotuning moves it. {@code buf} is the buffer
     * size to assume if the kernel does not report its accounting (negative: ask SO_SNDBUF).
     */
    int sendRoom(int fd, int buf) {
        lastQueued = true;
        if (Sock.getsockopt(fd, Sock.SOL_SOCKET, Sock.SO_MEMINFO, meminfo, 0, (int) meminfo.byteSize()) <= 0) {
            int payload = Fd.ioctlInt(fd, Tun.SIOCOUTQ);
            lastQueued = payload != 0;
            int size = buf >= 0 ? buf : Sock.getsockoptInt(fd, Sock.SOL_SOCKET, Sock.SO_SNDBUF);
            if (payload < 0 || size < 0) {
                return 0;
            }
            // Keep an eighth in reserve for the overhead the queue's payload does not show.
            return Math.max(0, size - size / 8 - payload);
        }
        long limit = meminfo.getAtIndex(ValueLayout.JAVA_INT, Sock.SK_MEMINFO_SNDBUF);
        long queued = meminfo.getAtIndex(ValueLayout.JAVA_INT, Sock.SK_MEMINFO_WMEM_QUEUED);
        long free = limit - queued;
        if (free <= 0) {
            return 0;
        }
        if (queued == 0) {
            lastQueued = false;
            // Nothing queued (so no payload either: SIOCOUTQ is not asked, one system call
            // less per window update of an idle or request-response connection), and nothing
            // to learn the overhead from: measured on loopback, an empty socket takes about
            // 70% of its limit in payload, whatever the sizes of the writes.
            return (int) Math.min(Integer.MAX_VALUE, free * 5 / 8);
        }
        int payload = Fd.ioctlInt(fd, Tun.SIOCOUTQ);
        if (payload < 0) {
            return 0;
        }
        if (payload > 0 && queued > payload) {
            // (less a thirty-second: memory is charged a whole buffer at a time)
            return (int) Math.min(Integer.MAX_VALUE, (free - free / 32) * payload / queued);
        }
        return (int) Math.min(Integer.MAX_VALUE, free * 5 / 8);
    }
}

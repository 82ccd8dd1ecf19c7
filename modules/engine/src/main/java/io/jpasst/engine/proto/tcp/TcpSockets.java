package io.jpasst.engine.proto.tcp;

import io.jpasst.sys.Errno;
import io.jpasst.sys.Fd;
import io.jpasst.sys.IoVec;
import io.jpasst.sys.MsgHdr;
import io.jpasst.sys.Sock;
import io.jpasst.sys.Tun;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The socket operations of the translation that need preallocated kernel structures: peeking
 * into several frame payloads at once, discarding acknowledged bytes without copying them,
 * and measuring the free room in a send buffer. One instance, used from the loop thread only.
 */
final class TcpSockets {
    static final int MAX_IOV = 128;

    private final MemorySegment msg;
    private final MemorySegment iov;

    TcpSockets() {
        Arena arena = Arena.ofAuto();
        msg = arena.allocate(MsgHdr.SIZE, 8);
        iov = arena.allocate((long) IoVec.SIZE * MAX_IOV, 8);
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

    /** Rewinds the peek offset, so the next peek starts {@code offset} bytes past the head. */
    static int peekOffset(int fd, int offset) {
        return Sock.setsockoptInt(fd, Sock.SOL_SOCKET, Sock.SO_PEEK_OFF, offset);
    }

    /** Bytes the socket can still queue for sending: the window we can offer the guest. */
    static int sendRoom(int fd, int buf) {
        int queued = Fd.ioctlInt(fd, Tun.SIOCOUTQ);
        if (queued < 0) {
            return 0;
        }
        // The buffer limit counts kernel overhead per packet and the queue only payload:
        // keep an eighth in reserve, or the guest's last segments would not fit.
        return Math.max(0, buf - buf / 8 - queued);
    }
}

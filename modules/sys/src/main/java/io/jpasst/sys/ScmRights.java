package io.jpasst.sys;

import io.jpasst.sys.gen.socket.cmsghdr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Passing one file descriptor over a UNIX socket (SCM_RIGHTS), e.g. a tap or netns fd handed
 * over by a helper. Slow path: allocates per call and throws {@link SysException}.
 */
public final class ScmRights {
    private ScmRights() {}

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    // CMSG_ALIGN, CMSG_LEN and CMSG_SPACE are function-like macros, so no binding carries
    // them: recompute them from struct cmsghdr's generated size and alignment
    private static final long ALIGN = cmsghdr.layout().byteAlignment();
    private static final long DATA_OFF = cmsgAlign(cmsghdr.sizeof());
    private static final long LEN = DATA_OFF + INT.byteSize();
    private static final long SPACE = cmsgAlign(INT.byteSize()) + DATA_OFF;

    private static long cmsgAlign(long n) {
        return (n + ALIGN - 1) & -ALIGN;
    }

    /** Sends {@code fd} with one byte of payload (a stream needs at least one). */
    public static void sendFd(int sock, int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment payload = arena.allocate(1);
            MemorySegment control = arena.allocate(SPACE, ALIGN);
            cmsghdr.cmsg_len(control, LEN);
            cmsghdr.cmsg_level(control, Sock.SOL_SOCKET);
            cmsghdr.cmsg_type(control, Sock.SCM_RIGHTS);
            control.set(INT, DATA_OFF, fd);
            MemorySegment msg = message(arena, payload, control);
            SysException.check("sendmsg SCM_RIGHTS", Sock.sendmsg(sock, msg, 0, Sock.MSG_NOSIGNAL));
        }
    }

    /** Receives one descriptor sent by {@link #sendFd} (close-on-exec set). */
    public static int recvFd(int sock) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment payload = arena.allocate(1);
            MemorySegment control = arena.allocate(SPACE, ALIGN);
            MemorySegment msg = message(arena, payload, control);
            long n = SysException.check("recvmsg SCM_RIGHTS", Sock.recvmsg(sock, msg, 0, Sock.MSG_CMSG_CLOEXEC));
            boolean rights = MsgHdr.controllen(msg, 0) >= LEN
                    && cmsghdr.cmsg_level(control) == Sock.SOL_SOCKET
                    && cmsghdr.cmsg_type(control) == Sock.SCM_RIGHTS;
            if (n == 0 || !rights) {
                throw new SysException("recvmsg SCM_RIGHTS: no descriptor received", Errno.EBADMSG);
            }
            return control.get(INT, DATA_OFF);
        }
    }

    /**
     * Receives bytes and up to {@link #MAX_FDS} descriptors sent with them (a vhost-user
     * message and its memory or eventfds). Its native memory is allocated once; one instance
     * per socket reader, not thread-safe.
     */
    public static final class Receiver {
        public static final int MAX_FDS = 8;
        private static final long CONTROL = cmsgAlign(MAX_FDS * INT.byteSize()) + DATA_OFF;
        private final MemorySegment control;
        private final MemorySegment iov;
        private final MemorySegment msg;
        private final int[] fds = new int[MAX_FDS];
        private int count;
        private boolean truncated;

        public Receiver() {
            Arena arena = Arena.ofAuto();
            control = arena.allocate(CONTROL, ALIGN);
            iov = arena.allocate(IoVec.SIZE, 8);
            msg = arena.allocate(MsgHdr.SIZE, 8);
        }

        /**
         * One recvmsg(2) into {@code buf[off, off+len)}: bytes read or -errno. The descriptors
         * that came along are then {@link #fd(int)} 0..{@link #count()}-1, close-on-exec; the
         * caller owns (and must close) them.
         */
        public long receive(int sock, MemorySegment buf, long off, long len, int flags) {
            count = 0;
            truncated = false;
            IoVec.set(iov, 0, Native.region(buf, off, len), len);
            MsgHdr.set(msg, 0, 0, 0, iov.address(), 1, control.address(), CONTROL);
            long n = Sock.recvmsg(sock, msg, 0, flags | Sock.MSG_CMSG_CLOEXEC);
            if (n < 0) {
                return n;
            }
            truncated = (MsgHdr.flags(msg, 0) & Sock.MSG_CTRUNC) != 0;
            long clen = MsgHdr.controllen(msg, 0);
            // one SCM_RIGHTS message at most: the sender passes its descriptors in one array
            if (clen >= LEN && cmsghdr.cmsg_level(control) == Sock.SOL_SOCKET
                    && cmsghdr.cmsg_type(control) == Sock.SCM_RIGHTS) {
                long bytes = Math.min(cmsghdr.cmsg_len(control), clen) - DATA_OFF;
                count = (int) Math.min(MAX_FDS, bytes / INT.byteSize());
                for (int i = 0; i < count; i++) {
                    fds[i] = control.get(INT, DATA_OFF + i * INT.byteSize());
                }
            }
            return n;
        }

        public int count() {
            return count;
        }

        public int fd(int i) {
            return fds[java.util.Objects.checkIndex(i, count)];
        }

        /** The kernel dropped descriptors that did not fit (and closed them). */
        public boolean truncated() {
            return truncated;
        }
    }

    /** Sends {@code buf[off, off+len)} with the descriptors {@code fds} (tests acting as qemu). */
    public static void send(int sock, MemorySegment buf, long off, long len, int... fds) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment control = arena.allocate(Math.max(SPACE, cmsgAlign(fds.length * INT.byteSize()) + DATA_OFF), ALIGN);
            long controlLen = 0;
            if (fds.length > 0) {
                cmsghdr.cmsg_len(control, DATA_OFF + fds.length * INT.byteSize());
                cmsghdr.cmsg_level(control, Sock.SOL_SOCKET);
                cmsghdr.cmsg_type(control, Sock.SCM_RIGHTS);
                for (int i = 0; i < fds.length; i++) {
                    control.set(INT, DATA_OFF + i * INT.byteSize(), fds[i]);
                }
                controlLen = cmsgAlign(fds.length * INT.byteSize()) + DATA_OFF;
            }
            MemorySegment iov = arena.allocate(IoVec.SIZE, 8);
            IoVec.set(iov, 0, Native.region(buf, off, len), len);
            MemorySegment msg = arena.allocate(MsgHdr.SIZE, 8);
            MsgHdr.set(msg, 0, 0, 0, iov.address(), 1, controlLen == 0 ? 0 : control.address(), controlLen);
            long n = SysException.check("sendmsg SCM_RIGHTS", Sock.sendmsg(sock, msg, 0, Sock.MSG_NOSIGNAL));
            if (n != len) {
                throw new SysException("sendmsg SCM_RIGHTS: short write", Errno.EIO);
            }
        }
    }

    private static MemorySegment message(Arena arena, MemorySegment payload, MemorySegment control) {
        MemorySegment iov = arena.allocate(IoVec.SIZE, 8);
        IoVec.set(iov, 0, payload.address(), payload.byteSize());
        MemorySegment msg = arena.allocate(MsgHdr.SIZE, 8);
        MsgHdr.set(msg, 0, 0, 0, iov.address(), 1, control.address(), control.byteSize());
        return msg;
    }
}

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

    private static MemorySegment message(Arena arena, MemorySegment payload, MemorySegment control) {
        MemorySegment iov = arena.allocate(IoVec.SIZE, 8);
        IoVec.set(iov, 0, payload.address(), payload.byteSize());
        MemorySegment msg = arena.allocate(MsgHdr.SIZE, 8);
        MsgHdr.set(msg, 0, 0, 0, iov.address(), 1, control.address(), control.byteSize());
        return msg;
    }
}

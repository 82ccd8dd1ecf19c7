package io.jpasst.sys;

import static io.jpasst.sys.Native.Mode.MAY_BLOCK;
import static io.jpasst.sys.Native.Mode.SHORT;

import io.jpasst.sys.gen.io.io_h;
import io.jpasst.sys.gen.socket.iovec;
import io.jpasst.sys.gen.process.process_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * File-descriptor calls: open/close, read/write (plain and vectored), pipes and splice,
 * fcntl and ioctl. Every call returns its result or {@code -errno} and never throws for a
 * failed syscall; buffers are {@code (segment, offset, length)} regions of native memory.
 */
public final class Fd {
    private Fd() {}

    public static final int O_RDONLY = io_h.O_RDONLY();
    public static final int O_WRONLY = io_h.O_WRONLY();
    public static final int O_RDWR = io_h.O_RDWR();
    public static final int O_CREAT = io_h.O_CREAT();
    public static final int O_TRUNC = io_h.O_TRUNC();
    public static final int O_NONBLOCK = io_h.O_NONBLOCK();
    public static final int O_CLOEXEC = io_h.O_CLOEXEC();

    public static final int F_DUPFD_CLOEXEC = io_h.F_DUPFD_CLOEXEC();
    public static final int F_GETFD = io_h.F_GETFD();
    public static final int F_GETFL = io_h.F_GETFL();
    public static final int F_SETFL = io_h.F_SETFL();
    public static final int F_GETPIPE_SZ = io_h.F_GETPIPE_SZ();
    public static final int F_SETPIPE_SZ = io_h.F_SETPIPE_SZ();
    public static final int FD_CLOEXEC = io_h.FD_CLOEXEC();

    public static final int SPLICE_F_MOVE = io_h.SPLICE_F_MOVE();
    public static final int SPLICE_F_NONBLOCK = io_h.SPLICE_F_NONBLOCK();
    public static final int SPLICE_F_MORE = io_h.SPLICE_F_MORE();

    public static final int STDERR = io_h.STDERR_FILENO();

    /** Size of one struct iovec, for callers laying out iovec arrays (see {@link IoVec}). */
    public static final long IOVEC_SIZE = iovec.sizeof();

    /** Its own handle, not {@link Syscall}: TCP reads SIOCOUTQ per segment, which must not allocate. */
    private static final class IOCTL {
        static final MethodHandle H = Native.variadic(io.jpasst.sys.gen.tun.tun_h.ioctl.address(),
                io.jpasst.sys.gen.tun.tun_h.ioctl.descriptorFor(io_h.C_LONG), 2, MAY_BLOCK);
    }
    private static final class READ {
        static final MethodHandle H = Native.downcall(io_h.read$address(), io_h.read$descriptor(), MAY_BLOCK, 1);
    }
    private static final class WRITE {
        static final MethodHandle H = Native.downcall(io_h.write$address(), io_h.write$descriptor(), MAY_BLOCK, 1);
    }
    private static final class READV {
        static final MethodHandle H = Native.downcall(io_h.readv$address(), io_h.readv$descriptor(), MAY_BLOCK, 1);
    }
    private static final class WRITEV {
        static final MethodHandle H = Native.downcall(io_h.writev$address(), io_h.writev$descriptor(), MAY_BLOCK, 1);
    }
    private static final class DUP2 {
        static final MethodHandle H = Native.downcall(io_h.dup2$address(), io_h.dup2$descriptor(), SHORT);
    }
    private static final class SPLICE {
        static final MethodHandle H = Native.downcall(io_h.splice$address(), io_h.splice$descriptor(), MAY_BLOCK, 1, 3);
    }
    // fcntl/ioctl: the variadic argument is passed as a long; a pointer argument is its address.
    // Not SHORT: F_SETLKW and some ioctls sleep

    /** open(2): fd or -errno. Slow path (allocates the C string). */
    public static int open(String path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) Syscall.call(process_h.SYS_openat(), process_h.AT_FDCWD(), arena.allocateFrom(path).address(),
                    flags, mode);
        }
    }

    public static int close(int fd) {
        return (int) Syscall.call(process_h.SYS_close(), fd);
    }

    /** read(2) into {@code seg[off, off+len)}: bytes read, 0 at EOF, or -errno. */
    public static long read(int fd, MemorySegment seg, long off, long len) {
        long addr = Native.region(seg, off, len);
        return Invoke.transfer(READ.H, fd, addr, len);
    }

    /**
     * pread(2) into {@code seg[off, off+len)} from file offset {@code at}: bytes read, 0 at
     * EOF, or -errno. Re-reads a /proc file from its start without reopening it, once a
     * second (port scans), so through {@link Syscall}: the start links no handle for it.
     */
    public static long pread(int fd, MemorySegment seg, long off, long len, long at) {
        long addr = Native.region(seg, off, len);
        return Syscall.call(process_h.SYS_pread64(), fd, addr, len, at);
    }

    /** write(2) from {@code seg[off, off+len)}: bytes written or -errno. */
    public static long write(int fd, MemorySegment seg, long off, long len) {
        long addr = Native.region(seg, off, len);
        return Invoke.transfer(WRITE.H, fd, addr, len);
    }

    /** readv(2) with {@code cnt} struct iovec at {@code iov[iovOff]}: bytes or -errno. */
    public static long readv(int fd, MemorySegment iov, long iovOff, int cnt) {
        long addr = Native.region(iov, iovOff, cnt * IOVEC_SIZE);
        return Invoke.sizeFdPtrInt(READV.H, fd, addr, cnt);
    }

    /** writev(2) with {@code cnt} struct iovec at {@code iov[iovOff]}: bytes or -errno. */
    public static long writev(int fd, MemorySegment iov, long iovOff, int cnt) {
        long addr = Native.region(iov, iovOff, cnt * IOVEC_SIZE);
        return Invoke.sizeFdPtrInt(WRITEV.H, fd, addr, cnt);
    }

    public static int dup2(int oldFd, int newFd) {
        return Invoke.int2(DUP2.H, oldFd, newFd);
    }

    /** fcntl(2) with an integer argument (ignored by commands that take none). */
    public static int fcntl(int fd, int cmd, long arg) {
        return (int) Syscall.call(process_h.SYS_fcntl(), fd, cmd, arg);
    }

    /**
     * pipe2(2): {@code (long) readFd << 32 | writeFd}, or -errno (negative). Unpack with
     * {@link #first(long)} and {@link #second(long)}.
     */
    public static long pipe2(int flags) {
        Scratch s = Scratch.get();
        int r = (int) Syscall.call(process_h.SYS_pipe2(), s.cellAddress, flags);
        return r < 0 ? r : pairOf(s.cell);
    }

    /** Packs the two ints at the start of {@code cell} as pipe2/socketpair results. */
    static long pairOf(MemorySegment cell) {
        return (long) cell.get(ValueLayout.JAVA_INT, 0) << 32 | (cell.get(ValueLayout.JAVA_INT, 4) & 0xFFFF_FFFFL);
    }

    /** The first fd of a {@link #pipe2}/{@link Sock#socketpair} result (the read end of a pipe). */
    public static int first(long pair) {
        return (int) (pair >>> 32);
    }

    /** The second fd of a pair result (the write end of a pipe). */
    public static int second(long pair) {
        return (int) pair;
    }

    /** splice(2) between two fds at their current positions: bytes moved, 0 at EOF, or -errno. */
    public static long splice(int in, int out, long len, int flags) {
        Scratch s = Scratch.get();
        try {
            return s.check((long) SPLICE.H.invokeExact(s.errno, in, 0L, out, 0L, len, flags));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /**
     * ioctl(2) with a pointer argument ({@code MemorySegment.NULL} allowed): result or -errno.
     * Set-up calls (TUNSETIFF): through {@link Syscall}, so the start links no ioctl handle.
     */
    public static int ioctl(int fd, long request, MemorySegment arg) {
        long addr = Native.region(arg, 0, arg.byteSize());
        return (int) Syscall.call(process_h.SYS_ioctl(), fd, request, addr);
    }

    /**
     * ioctl(2) with an int out-parameter (SIOCOUTQ, SIOCINQ, FIONREAD): the value, or -errno.
     */
    public static int ioctlInt(int fd, long request) {
        Scratch s = Scratch.get();
        try {
            int r = (int) IOCTL.H.invokeExact(s.errno, fd, request, s.cellAddress);
            return r < 0 ? -s.errno() : s.cell.get(ValueLayout.JAVA_INT, 0);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}

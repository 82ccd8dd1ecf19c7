package io.jpasst.engine.tap;

import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.sys.Epoll;
import io.jpasst.sys.Errno;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import io.jpasst.sys.SysException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The UNIX socket qemu connects to. One guest at a time: while a client is connected the
 * listening socket is out of the event loop, so the next client waits in the backlog (qemu
 * reconnects on its own if refused) and is accepted when the current one goes.
 */
public final class PasstListener implements AutoCloseable {
    /** Where passt listens when no path is given: the first free N of 1..64. */
    public static final String DEFAULT_PATTERN = "/tmp/passt_%d.socket";
    public static final int DEFAULT_MAX = 64;

    private final int fd;
    private final String path;
    private EventLoop loop;
    private GuestSocket stream;

    private PasstListener(int fd, String path) {
        this.fd = fd;
        this.path = path;
    }

    /**
     * Binds and listens on {@code path}, or on the first free default path if null. A path
     * some process still accepts on is in use; a stale socket file (nobody listening) is
     * replaced, as after a crash.
     */
    public static PasstListener open(String path) throws IOException {
        if (path != null) {
            if (inUse(path)) {
                throw new IOException("Socket path " + path + " already in use");
            }
            return bind(path);
        }
        for (int n = 1; n <= DEFAULT_MAX; n++) {
            String candidate = String.format(DEFAULT_PATTERN, n);
            if (inUse(candidate)) {
                continue;
            }
            try {
                return bind(candidate);
            } catch (IOException e) {
                Log.debug(candidate + ": " + e.getMessage());
            }
        }
        throw new IOException("Failed to bind UNIX domain socket: no free path "
                + String.format(DEFAULT_PATTERN, 1) + " .. " + String.format(DEFAULT_PATTERN, DEFAULT_MAX));
    }

    /** Someone accepts on it, or it is not ours to replace (anything but absent/refused/denied). */
    private static boolean inUse(String path) {
        int probe = Sock.socket(Sock.AF_UNIX, Sock.SOCK_STREAM | Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC, 0);
        if (probe < 0) {
            throw new SysException("socket (AF_UNIX)", -probe);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SockAddr.UN_SIZE, 8);
            int rc = Sock.connect(probe, sa, 0, SockAddr.writeUn(sa, 0, path));
            return rc == 0 || (rc != -Errno.ENOENT && rc != -Errno.ECONNREFUSED && rc != -Errno.EACCES);
        } finally {
            Fd.close(probe);
        }
    }

    private static PasstListener bind(String path) throws IOException {
        int fd = Sock.socket(Sock.AF_UNIX, Sock.SOCK_STREAM | Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("Failed to open UNIX domain socket: " + Errno.message(-fd));
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SockAddr.UN_SIZE, 8);
            int len;
            try {
                len = SockAddr.writeUn(sa, 0, path);
            } catch (IllegalArgumentException e) {
                Fd.close(fd);
                throw new IOException(e.getMessage());
            }
            Files.deleteIfExists(Path.of(path));
            int rc = Sock.bind(fd, sa, 0, len);
            if (rc == 0) {
                rc = Sock.listen(fd, 1);
            }
            if (rc < 0) {
                Fd.close(fd);
                throw new IOException("Failed to bind UNIX domain socket " + path + ": " + Errno.message(-rc));
            }
        }
        return new PasstListener(fd, path);
    }

    public String path() {
        return path;
    }

    public int fd() {
        return fd;
    }

    /** Starts accepting into {@code stream} (the stream or vhost-user back end). */
    public void start(EventLoop loop, GuestSocket stream) {
        this.loop = loop;
        this.stream = stream;
        loop.handle(EventType.TAP_LISTEN, (ref, events, now) -> accept());
        arm();
    }

    /** Listens again: the previous client is gone. */
    public void arm() {
        int rc = loop.add(fd, Epoll.IN, EpollRef.of(EventType.TAP_LISTEN, fd, 0));
        if (rc < 0 && rc != -Errno.EEXIST) {
            throw new SysException("epoll_ctl (listening socket)", -rc);
        }
    }

    private void accept() {
        if (stream.connected()) {
            loop.remove(fd);
            return;
        }
        int client = Sock.accept4(fd, null, 0, Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC);
        if (client < 0) {
            if (client != -Errno.EAGAIN && client != -Errno.EINTR) {
                Log.warn("accept on " + path + ": " + Errno.message(-client));
            }
            return;
        }
        // Deep socket buffers: qemu and we then wake each other less often.
        Sock.setsockoptInt(client, Sock.SOL_SOCKET, Sock.SO_RCVBUF, Integer.MAX_VALUE / 2);
        Sock.setsockoptInt(client, Sock.SOL_SOCKET, Sock.SO_SNDBUF, Integer.MAX_VALUE / 2);
        loop.remove(fd);
        int rc = stream.attach(client);
        if (rc < 0) {
            Log.warn("Guest connection: " + Errno.message(-rc));
            Fd.close(client);
            arm();
            return;
        }
        Log.info("accepted connection from PID " + peerPid(client));
    }

    private static String peerPid(int client) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cred = arena.allocate(12, 4);
            int rc = Sock.getsockopt(client, Sock.SOL_SOCKET, Sock.SO_PEERCRED, cred, 0, 12);
            return rc < 0 ? "?" : Integer.toString(cred.get(ValueLayout.JAVA_INT, 0));
        }
    }

    @Override
    public void close() {
        Fd.close(fd);
    }
}

package io.jpasst.engine.control.pesto;

import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.engine.flow.rules.PestoWire;
import io.jpasst.engine.flow.rules.Rule;
import io.jpasst.engine.flow.rules.RuleTable;
import io.jpasst.sys.Epoll;
import io.jpasst.sys.Errno;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code -c/--conf-path}: the UNIX socket through which pesto reads and replaces the
 * forwarding tables of a running pasta or passt ({@link PestoWire}).
 *
 * <p>One client at a time, served on the loop thread: on connection it gets the hello and
 * every table at once (a few kilobytes, well within the socket buffer); when it answers, the
 * whole answer is read, every table it names is rebuilt from scratch through
 * {@link RuleTable#add} (so a bad rule is refused as at start-up), and only if all of them are
 * valid are they installed and handed to the {@link Applier}. Anything wrong closes the
 * connection and leaves the tables as they were. Control traffic only: nothing here runs per
 * packet.
 */
public final class ControlSocket {
    /** Installs changed tables in the data path (listeners opened and closed to match). */
    public interface Applier {
        void apply(RuleTable host, RuleTable splice);
    }

    private static final int LISTENING = 0;
    private static final int CLIENT = 1;

    private final EventLoop loop;
    private final RuleTable host;
    /** -T/-U's table; null in passt. */
    private final RuleTable splice;
    private final Applier applier;
    private final int listenFd;
    private final MemorySegment buf = Arena.ofAuto().allocate(4096, 8);
    private int client = -1;

    private ControlSocket(EventLoop loop, int listenFd, RuleTable host, RuleTable splice, Applier applier) {
        this.loop = loop;
        this.listenFd = listenFd;
        this.host = host;
        this.splice = splice;
        this.applier = applier;
    }

    /**
     * Binds and listens on {@code path} (replacing a stale socket file there) and serves it
     * from {@code loop}.
     *
     * @throws IllegalStateException if the socket cannot be opened
     */
    public static ControlSocket open(EventLoop loop, String path, RuleTable host, RuleTable splice, Applier applier) {
        int fd = Sock.socket(Sock.AF_UNIX, Sock.SOCK_STREAM | Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IllegalStateException("Couldn't open control socket " + path + ": " + Errno.message(-fd));
        }
        int rc;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SockAddr.UN_SIZE, 8);
            int len = SockAddr.writeUn(sa, 0, path);
            Files.deleteIfExists(Path.of(path));
            rc = Sock.bind(fd, sa, 0, len);
            if (rc == 0) {
                rc = Sock.listen(fd, 1);
            }
        } catch (IOException | IllegalArgumentException e) {
            Fd.close(fd);
            throw new IllegalStateException("Couldn't open control socket " + path + ": " + e.getMessage());
        }
        if (rc < 0) {
            Fd.close(fd);
            throw new IllegalStateException("Couldn't open control socket " + path + ": " + Errno.message(-rc));
        }
        ControlSocket c = new ControlSocket(loop, fd, host, splice, applier);
        loop.handle(EventType.CONTROL, c::onEvent);
        loop.add(fd, Epoll.IN, EpollRef.of(EventType.CONTROL, fd, LISTENING));
        Log.info("Configuration socket: " + path);
        return c;
    }

    private void onEvent(long ref, int events, long now) {
        if (EpollRef.index(ref) == LISTENING) {
            if (client < 0) { // a second client waits in the backlog until this one is done
                accept();
            }
            return;
        }
        try {
            if ((events & Epoll.IN) != 0) {
                receive();
            }
        } catch (IOException e) {
            Log.warn("Configuration client: " + e.getMessage() + "; rules unchanged");
        } finally {
            closeClient();
            accept(); // the next waiting client, if any
        }
    }

    private void accept() {
        // blocking: the exchange is short and synchronous, as with the C tools
        int fd = Sock.accept4(listenFd, buf, 0, Sock.SOCK_CLOEXEC);
        if (fd < 0) {
            return;
        }
        client = fd;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(PestoWire.hello());
            PestoWire.writeTable(out, PestoWire.PIF_HOST, "HOST", host);
            if (splice != null) {
                PestoWire.writeTable(out, PestoWire.PIF_SPLICE, "SPLICE", splice);
            }
            out.writeByte(PestoWire.PIF_NONE);
            write(bytes.toByteArray());
            loop.add(fd, Epoll.IN, EpollRef.of(EventType.CONTROL, fd, CLIENT));
            Log.info("Accepted configuration client");
        } catch (IOException e) {
            Log.warn("Configuration client: " + e.getMessage());
            closeClient();
        }
    }

    private void receive() throws IOException {
        DataInputStream in = new DataInputStream(new FdInput());
        int first = in.read();
        if (first < 0) {
            return; // a listing only
        }
        RuleTable newHost = null;
        RuleTable newSplice = null;
        for (int pif = first; pif != PestoWire.PIF_NONE; pif = in.readUnsignedByte()) {
            RuleTable current = pif == PestoWire.PIF_HOST ? host : pif == PestoWire.PIF_SPLICE ? splice : null;
            if (current == null) {
                throw new IOException("Received rules for non-existent table");
            }
            long count = in.readInt() & 0xffff_ffffL;
            if (count > RuleTable.MAX_RULES) {
                throw new IOException("Received " + count + " rules (maximum " + RuleTable.MAX_RULES + ")");
            }
            RuleTable pending = new RuleTable(current.caps());
            for (long i = 0; i < count; i++) {
                Rule r = PestoWire.readRule(in);
                if (pending.add(r) < 0) {
                    throw new IOException(pending.lastError());
                }
            }
            if (pif == PestoWire.PIF_HOST) {
                newHost = pending;
            } else {
                newSplice = pending;
            }
        }
        if (newHost != null) {
            host.copyFrom(newHost);
            describe("HOST", host);
        }
        if (newSplice != null) {
            splice.copyFrom(newSplice);
            describe("SPLICE", splice);
        }
        applier.apply(host, splice);
    }

    private static void describe(String name, RuleTable t) {
        Log.info("New forwarding rules for " + name + ":");
        for (Rule r : t.rules()) {
            Log.info("    " + r);
        }
    }

    private void write(byte[] data) throws IOException {
        for (int off = 0; off < data.length; ) {
            int n = Math.min(data.length - off, (int) buf.byteSize());
            MemorySegment.copy(data, off, buf, ValueLayout.JAVA_BYTE, 0, n);
            long rc = Fd.write(client, buf, 0, n);
            if (rc < 0 && rc != -Errno.EINTR) {
                throw new IOException("write: " + Errno.message((int) -rc));
            }
            off += (int) Math.max(rc, 0);
        }
    }

    private void closeClient() {
        if (client >= 0) {
            loop.remove(client);
            Fd.close(client);
            client = -1;
        }
    }

    /** Blocking reads from the client, through the loop's scratch buffer. */
    private final class FdInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                long rc = Fd.read(client, buf, 0, Math.min(len, (int) buf.byteSize()));
                if (rc == -Errno.EINTR) {
                    continue;
                }
                if (rc < 0) {
                    throw new IOException("read: " + Errno.message((int) -rc));
                }
                if (rc == 0) {
                    return -1;
                }
                MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, b, off, (int) rc);
                return (int) rc;
            }
        }
    }
}

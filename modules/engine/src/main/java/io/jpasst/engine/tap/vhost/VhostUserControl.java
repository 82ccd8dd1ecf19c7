package io.jpasst.engine.tap.vhost;

import static io.jpasst.engine.tap.vhost.LittleEndian.U32;
import static io.jpasst.engine.tap.vhost.LittleEndian.U64;

import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.engine.tap.GuestSocket;
import io.jpasst.sys.Epoll;
import io.jpasst.sys.Errno;
import io.jpasst.sys.EventFd;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Mman;
import io.jpasst.sys.ScmRights;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The back-end side of the vhost-user protocol (qemu's docs/interop/vhost-user.rst) on one
 * connected UNIX socket: the front-end (qemu) negotiates features, shares the guest's memory
 * (descriptors passed with SCM_RIGHTS, which we map), and describes the two virtqueues of a
 * virtio-net device (0: receive, 1: transmit) with their kick and call eventfds. Frames then
 * move through {@link VhostUserTap} without this socket.
 *
 * <p>Messages are small and rare, so this is the slow path: malformed ones (a size that
 * does not match the request, a queue index past 1, a memory table without its descriptors)
 * are refused, and a front-end that breaks the framing is disconnected, never the process.
 * When the front-end goes, everything it gave us is closed and unmapped, and the listener
 * waits for it to come back (qemu reconnects after a restart).
 */
public final class VhostUserControl implements GuestSocket {
    static final long F_MRG_RXBUF = 1L << 15;
    static final long F_PROTOCOL_FEATURES = 1L << 30;
    static final long F_VERSION_1 = 1L << 32;
    /** What we offer: VERSION_1 (modern layout), mergeable receive buffers, protocol features. */
    static final long FEATURES = F_VERSION_1 | F_MRG_RXBUF | F_PROTOCOL_FEATURES;
    static final long PROTOCOL_F_REPLY_ACK = 1L << 3;
    static final long PROTOCOL_FEATURES = PROTOCOL_F_REPLY_ACK;

    static final int HEADER = 12;
    static final int VERSION = 1;
    static final int FLAG_REPLY = 1 << 2;
    static final int FLAG_NEED_REPLY = 1 << 3;
    private static final int MAX_PAYLOAD = 4096;
    private static final int QUEUES = 2;


    private final VhostUserTap tap;
    private final MemorySegment msg = Arena.ofAuto().allocate(HEADER + MAX_PAYLOAD, 8);
    private final MemorySegment reply = Arena.ofAuto().allocate(HEADER + 64, 8);
    private final ScmRights.Receiver receiver = new ScmRights.Receiver();
    private final int[] fds = new int[ScmRights.Receiver.MAX_FDS];
    private int fdCount;
    private EventLoop loop;
    private Runnable onClientGone;
    private int fd = -1;
    private long features;
    private long protocolFeatures;

    public VhostUserControl(VhostUserTap tap) {
        this.tap = tap;
    }

    /** Wires the control socket to the loop; {@code onClientGone} runs after the front-end left. */
    public void start(EventLoop loop, Runnable onClientGone) {
        this.loop = loop;
        this.onClientGone = onClientGone;
        loop.handle(EventType.VHOST_CMD, (ref, events, now) -> readable());
        // the receive queue's kicks only say "buffers added": we look at the ring when we send
        loop.handle(EventType.VHOST_KICK, (ref, events, now) -> EventFd.drain(EpollRef.fd(ref)));
        loop.afterRound(now -> tap.flush());
    }

    @Override
    public boolean connected() {
        return fd >= 0;
    }

    @Override
    public int attach(int clientFd) {
        if (fd >= 0) {
            throw new IllegalStateException("a front-end is already connected");
        }
        // Blocking: a message's payload follows its header at once, and replies are tiny.
        int fl = Fd.fcntl(clientFd, Fd.F_GETFL, 0);
        if (fl >= 0) {
            Fd.fcntl(clientFd, Fd.F_SETFL, fl & ~Fd.O_NONBLOCK);
        }
        int rc = loop.add(clientFd, Epoll.IN, EpollRef.of(EventType.VHOST_CMD, clientFd, 0));
        if (rc < 0) {
            return rc;
        }
        fd = clientFd;
        features = 0;
        protocolFeatures = 0;
        return 0;
    }

    /** Handles every message waiting on the socket. */
    void readable() {
        while (fd >= 0) {
            long n = receiver.receive(fd, msg, 0, HEADER, Sock.MSG_DONTWAIT);
            if (n == -Errno.EAGAIN || n == -Errno.EINTR) {
                return;
            }
            fdCount = 0;
            for (int i = 0; i < receiver.count(); i++) {
                fds[fdCount++] = receiver.fd(i);
            }
            if (n <= 0) {
                closeFds();
                if (n < 0) {
                    Log.warn("vhost-user: " + Errno.message((int) -n));
                }
                disconnect();
                return;
            }
            int request = msg.get(U32, 0);
            int flags = msg.get(U32, 4);
            int size = msg.get(U32, 8);
            if (n < HEADER || (flags & 3) != VERSION || size < 0 || size > MAX_PAYLOAD
                    || (size > 0 && Sock.recv(fd, msg, HEADER, size, Sock.MSG_WAITALL) != size)) {
                Log.warn("vhost-user: malformed message (request " + request + ", size "
                        + Integer.toUnsignedString(size) + "), closing the connection");
                closeFds();
                disconnect();
                return;
            }
            boolean ok;
            try {
                ok = handle(request, flags, size);
            } finally {
                closeFds();
            }
            if (!ok) {
                disconnect();
                return;
            }
        }
    }

    /** Unclaimed descriptors that came with the message. */
    private void closeFds() {
        for (int i = 0; i < fdCount; i++) {
            if (fds[i] >= 0) {
                Fd.close(fds[i]);
            }
        }
        fdCount = 0;
    }

    /** Takes ownership of descriptor {@code i} of the message. */
    private int claimFd(int i) {
        int f = fds[i];
        fds[i] = -1;
        return f;
    }

    /** One message: false when the connection must go. */
    private boolean handle(int request, int flags, int size) {
        if (Log.debugging()) {
            Log.debug("vhost-user: " + VhostUserRequest.name(request) + " size " + size + " fds " + fdCount);
        }
        long status = 0;
        boolean replied = false;
        switch (request) {
            case VhostUserRequest.GET_FEATURES -> replied = replyU64(request, FEATURES);
            case VhostUserRequest.SET_FEATURES -> {
                if (size != 8) {
                    return bad(request);
                }
                setFeatures(msg.get(U64, HEADER));
            }
            case VhostUserRequest.GET_PROTOCOL_FEATURES -> replied = replyU64(request, PROTOCOL_FEATURES);
            case VhostUserRequest.SET_PROTOCOL_FEATURES -> {
                if (size != 8) {
                    return bad(request);
                }
                protocolFeatures = msg.get(U64, HEADER) & PROTOCOL_FEATURES;
            }
            case VhostUserRequest.SET_OWNER -> { }
            case VhostUserRequest.RESET_OWNER -> resetQueues();
            case VhostUserRequest.GET_QUEUE_NUM -> replied = replyU64(request, QUEUES / 2);
            case VhostUserRequest.SET_MEM_TABLE -> status = setMemTable(size) ? 0 : 1;
            case VhostUserRequest.SET_VRING_NUM -> {
                Virtqueue q = queue(size, 8);
                if (q == null || !q.setSize(msg.get(U32, HEADER + 4))) {
                    return bad(request);
                }
            }
            case VhostUserRequest.SET_VRING_ADDR -> {
                Virtqueue q = queue(size, 40);
                if (q == null) {
                    return bad(request);
                }
                q.setAddresses(msg.get(U64, HEADER + 8), msg.get(U64, HEADER + 24), msg.get(U64, HEADER + 16));
                if (!q.map(tap.memory())) {
                    Log.warn("vhost-user: queue " + msg.get(U32, HEADER) + " rings outside the guest's memory");
                    status = 1;
                }
            }
            case VhostUserRequest.SET_VRING_BASE -> {
                Virtqueue q = queue(size, 8);
                if (q == null) {
                    return bad(request);
                }
                q.setBase(msg.get(U32, HEADER + 4));
            }
            case VhostUserRequest.GET_VRING_BASE -> {
                Virtqueue q = queue(size, 8);
                if (q == null) {
                    return bad(request);
                }
                stopQueue(q);
                msg.set(U32, HEADER + 4, q.base());
                replied = replyBytes(request, msg.asSlice(HEADER, 8));
            }
            case VhostUserRequest.SET_VRING_KICK, VhostUserRequest.SET_VRING_CALL,
                 VhostUserRequest.SET_VRING_ERR -> {
                if (!setVringFd(request, size)) {
                    return bad(request);
                }
            }
            case VhostUserRequest.SET_VRING_ENABLE -> {
                Virtqueue q = queue(size, 8);
                if (q == null) {
                    return bad(request);
                }
                q.enable(msg.get(U32, HEADER + 4) != 0);
            }
            case VhostUserRequest.SEND_RARP, VhostUserRequest.NET_SET_MTU -> { }
            default -> {
                Log.debug("vhost-user: unsupported request " + request + ", ignored");
                status = 1;
            }
        }
        if (!replied && (flags & FLAG_NEED_REPLY) != 0 && (protocolFeatures & PROTOCOL_F_REPLY_ACK) != 0) {
            replyU64(request, status);
        }
        return true;
    }

    private boolean bad(int request) {
        Log.warn("vhost-user: malformed " + VhostUserRequest.name(request) + ", closing the connection");
        return false;
    }

    private void setFeatures(long f) {
        features = f & FEATURES;
        boolean modern = (features & F_VERSION_1) != 0;
        boolean mergeable = (features & F_MRG_RXBUF) != 0;
        tap.features(modern || mergeable ? VhostUserTap.HDR_LEN : VhostUserTap.LEGACY_HDR_LEN, mergeable);
        if ((features & F_PROTOCOL_FEATURES) == 0) {
            // without protocol features a ring is enabled as soon as it is started
            tap.rx.enable(true);
            tap.tx.enable(true);
        }
    }

    /** The queue a vring message names, if its payload has the expected size; null if bad. */
    private Virtqueue queue(int size, int expected) {
        if (size != expected) {
            return null;
        }
        int index = msg.get(U32, HEADER);
        return index == 0 ? tap.rx : index == 1 ? tap.tx : null;
    }

    private boolean setMemTable(int size) {
        if (size < 8) {
            return false;
        }
        int n = msg.get(U32, HEADER);
        if (n < 1 || n > GuestMemory.MAX_REGIONS || size < 8 + 32 * n || fdCount != n) {
            Log.warn("vhost-user: memory table with " + n + " regions and " + fdCount + " descriptors refused");
            return false;
        }
        GuestMemory mem = tap.memory();
        mem.clear();
        boolean ok = true;
        for (int i = 0; i < n; i++) {
            long at = HEADER + 8 + 32L * i;
            long gpa = msg.get(U64, at);
            long len = msg.get(U64, at + 8);
            long uva = msg.get(U64, at + 16);
            long off = msg.get(U64, at + 24);
            int mfd = claimFd(i);
            try {
                if (len <= 0 || off < 0 || len > Long.MAX_VALUE - off) {
                    throw new SysException("region size", Errno.EINVAL);
                }
                // Map from the start of the file so the offset needs no page alignment.
                Mman.Mapping whole = Mman.mapShared(mfd, off + len, 0);
                mem.add(gpa, uva, whole, off, len);
            } catch (SysException e) {
                Log.warn("vhost-user: cannot map guest memory region " + i + ": " + e.getMessage());
                ok = false;
            } finally {
                Fd.close(mfd);
            }
        }
        // The rings' old slices died with the old mappings: find them in the new ones.
        remap(tap.rx);
        remap(tap.tx);
        return ok;
    }

    private void remap(Virtqueue q) {
        if (q.size() > 0) {
            q.map(tap.memory());
        }
    }

    private boolean setVringFd(int request, int size) {
        if (size != 8) {
            return false;
        }
        long v = msg.get(U64, HEADER);
        int index = (int) (v & 0xff);
        boolean noFd = (v & 0x100) != 0;
        if (index >= QUEUES || (v & ~0x1ffL) != 0 || (!noFd && fdCount != 1)) {
            return false;
        }
        Virtqueue q = index == 0 ? tap.rx : tap.tx;
        int newFd = noFd ? -1 : claimFd(0);
        switch (request) {
            case VhostUserRequest.SET_VRING_KICK -> {
                if (q.kickFd >= 0) {
                    loop.remove(q.kickFd);
                }
                q.kickFd = Virtqueue.closeFd(q.kickFd);
                q.kickFd = newFd;
                if ((features & F_PROTOCOL_FEATURES) == 0) {
                    q.enable(true);
                }
                if (newFd >= 0) {
                    // The transmit queue's kick is the guest interface: the service reads frames on it.
                    int type = q == tap.tx ? EventType.TAP_PASST : EventType.VHOST_KICK;
                    int rc = loop.add(newFd, Epoll.IN, EpollRef.of(type, newFd, index));
                    if (rc < 0) {
                        Log.warn("vhost-user: kick eventfd: " + Errno.message(-rc));
                    }
                    // frames queued before we watched: look now
                    EventFd.signal(newFd);
                }
            }
            case VhostUserRequest.SET_VRING_CALL -> {
                q.callFd = Virtqueue.closeFd(q.callFd);
                q.callFd = newFd;
            }
            default -> {
                q.errFd = Virtqueue.closeFd(q.errFd);
                q.errFd = newFd;
            }
        }
        return true;
    }

    /** GET_VRING_BASE: the front-end stops the ring; its kick is no longer watched. */
    private void stopQueue(Virtqueue q) {
        if (q.kickFd >= 0) {
            loop.remove(q.kickFd);
            q.kickFd = Virtqueue.closeFd(q.kickFd);
        }
        q.stop();
    }

    private void resetQueues() {
        for (Virtqueue q : new Virtqueue[] {tap.rx, tap.tx}) {
            if (q.kickFd >= 0) {
                loop.remove(q.kickFd);
            }
            q.reset();
        }
    }

    private boolean replyU64(int request, long value) {
        reply.set(U64, HEADER, value);
        return send(request, 8);
    }

    private boolean replyBytes(int request, MemorySegment payload) {
        MemorySegment.copy(payload, 0, reply, HEADER, payload.byteSize());
        return send(request, (int) payload.byteSize());
    }

    private boolean send(int request, int size) {
        reply.set(U32, 0, request);
        reply.set(U32, 4, VERSION | FLAG_REPLY);
        reply.set(U32, 8, size);
        long n = Sock.send(fd, reply, 0, HEADER + size, Sock.MSG_NOSIGNAL);
        if (n != HEADER + size) {
            Log.warn("vhost-user: reply to " + VhostUserRequest.name(request) + " failed");
        }
        return true;
    }

    /** The front-end is gone: forget its rings and memory, listen for the next one. */
    public void disconnect() {
        if (fd < 0) {
            return;
        }
        resetQueues();
        tap.memory().clear();
        loop.remove(fd);
        Fd.close(fd);
        fd = -1;
        onClientGone.run();
    }
}

package io.jpasst.engine.tap;

import io.jpasst.engine.packet.PacketPool;
import io.jpasst.sys.Errno;
import io.jpasst.sys.Fd;
import java.lang.foreign.MemorySegment;

/**
 * pasta's guest side: a tap device (IFF_TAP | IFF_NO_PI) opened inside the namespace. Each
 * read returns exactly one frame, so frames are read one after the other into consecutive
 * room of the pool's buffer.
 */
public final class TunTap implements TapBackend {
    /** Largest frame a read can return: 64 KiB of IP plus the Ethernet header. */
    public static final int MAX_FRAME = 65536 + 14;

    private final int fd;

    public TunTap(int fd) {
        this.fd = fd;
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public long receive(PacketPool pool, long from) {
        MemorySegment buf = pool.buffer();
        long at = from;
        while (!pool.full() && buf.byteSize() - at >= MAX_FRAME) {
            long n = Fd.read(fd, buf, at, MAX_FRAME);
            if (n == -Errno.EINTR) {
                continue;
            }
            if (n == -Errno.EAGAIN) {
                break;
            }
            if (n <= 0) {
                return n == 0 ? -Errno.EIO : n;
            }
            if (pool.add(at, (int) n)) {
                // Keep frames 8-byte aligned: header reads are then never split oddly.
                at += (n + 7) & ~7L;
            }
        }
        return at;
    }

    @Override
    public int send(MemorySegment seg, long off, int len) {
        while (true) {
            long n = Fd.write(fd, seg, off, len);
            if (n != -Errno.EINTR) {
                return (int) n;
            }
        }
    }
}

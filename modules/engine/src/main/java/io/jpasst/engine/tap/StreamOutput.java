package io.jpasst.engine.tap;

import io.jpasst.engine.packet.Be;
import io.jpasst.sys.Errno;
import io.jpasst.sys.Sock;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Frames on their way to qemu, each behind its 4-byte big-endian length, queued in one
 * contiguous buffer so that a whole round's frames leave in one send(). A partial write
 * leaves the rest queued, in order: the stream never carries half a frame followed by
 * another frame. Appending copies the frame, so callers may reuse their buffer at once.
 */
final class StreamOutput {
    static final int PREFIX = 4;

    private final MemorySegment buf;
    private final long capacity;
    private long head;
    private long tail;

    StreamOutput(long capacity) {
        this.capacity = capacity;
        this.buf = Arena.ofAuto().allocate(capacity, 8);
    }

    /** Bytes queued and not yet written. */
    long pending() {
        return tail - head;
    }

    /** Queues one frame; false if it does not fit (nothing is queued then). */
    boolean append(MemorySegment seg, long off, int len) {
        long need = PREFIX + (long) len;
        if (capacity - tail < need) {
            compact();
            if (capacity - tail < need) {
                return false;
            }
        }
        Be.u32(buf, tail, len);
        MemorySegment.copy(seg, off, buf, tail + PREFIX, len);
        tail += need;
        return true;
    }

    /**
     * Writes as much as the socket takes.
     *
     * @return 0 when everything was written, 1 when the socket is full and bytes remain, or
     *         -errno when the connection failed
     */
    int flush(int fd) {
        while (head < tail) {
            long n = Sock.send(fd, buf, head, tail - head, Sock.MSG_DONTWAIT | Sock.MSG_NOSIGNAL);
            if (n == -Errno.EINTR) {
                continue;
            }
            if (n == -Errno.EAGAIN) {
                return 1;
            }
            if (n < 0) {
                return (int) n;
            }
            head += n;
        }
        head = 0;
        tail = 0;
        return 0;
    }

    /** Forgets everything queued (the connection is gone). */
    void clear() {
        head = 0;
        tail = 0;
    }

    private void compact() {
        if (head == 0) {
            return;
        }
        long n = tail - head;
        if (n > 0) {
            MemorySegment.copy(buf, head, buf, 0, n);
        }
        head = 0;
        tail = n;
    }
}

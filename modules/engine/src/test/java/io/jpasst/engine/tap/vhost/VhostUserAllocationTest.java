package io.jpasst.engine.tap.vhost;

import static io.jpasst.engine.tap.vhost.LittleEndian.U16;
import static io.jpasst.engine.tap.vhost.LittleEndian.U32;
import static io.jpasst.engine.tap.vhost.LittleEndian.U64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.PacketBuffer;
import io.jpasst.engine.packet.PacketPool;
import io.jpasst.sys.EventFd;
import io.jpasst.sys.Fd;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The vhost-user path allocates nothing per frame: this thread's allocated bytes, as the JVM
 * counts them (as the loop-thread probe of the integration tests does), grow by less than
 * 64 KiB over 400,000 frames each way after a warm-up, with real kick and call eventfds (so
 * the system calls of a round are included), mergeable receive buffers, and a guest that
 * takes its buffers back at once.
 */
class VhostUserAllocationTest {
    private static final int QUEUE = 256;
    private static final long GPA = 0x40000000L;
    private static final long BUF = 1024;
    private static final long BUFFERS = 16384;
    private static final long AVAIL = 4096;
    private static final long USED = 8192;

    private final MemorySegment rxMem = guest(true);
    private final MemorySegment txMem = guest(false);
    private final VhostUserTap tap = new VhostUserTap(new DropCounters());
    private final PacketPool pool = new PacketPool(new PacketBuffer(1 << 20).segment(), 64);
    private final MemorySegment frame = Arena.ofAuto().allocate(1514);
    private int rxIdx;
    private int txIdx;

    private static MemorySegment guest(boolean writable) {
        MemorySegment mem = Arena.ofAuto().allocate(BUFFERS + QUEUE * BUF, 4096);
        for (int i = 0; i < QUEUE; i++) {
            mem.set(U64, 16L * i, GPA + BUFFERS + BUF * i);
            mem.set(U32, 16L * i + 8, writable ? (int) BUF : 12 + 1514);
            mem.set(U16, 16L * i + 12, (short) (writable ? Virtqueue.F_WRITE : 0));
        }
        if (!writable) {
            // 1514 + 12 bytes do not fit one 1024-byte buffer: chain pairs (i, i+1) for even i
            for (int i = 0; i < QUEUE; i += 2) {
                mem.set(U32, 16L * i + 8, (int) BUF);
                mem.set(U16, 16L * i + 12, (short) Virtqueue.F_NEXT);
                mem.set(U16, 16L * i + 14, (short) (i + 1));
                mem.set(U32, 16L * (i + 1) + 8, 12 + 1514 - (int) BUF);
            }
        }
        return mem;
    }

    private static int offer(MemorySegment mem, int idx, int head) {
        mem.set(U16, AVAIL + 4 + 2L * (idx & (QUEUE - 1)), (short) head);
        idx = (idx + 1) & 0xffff;
        mem.set(U16, AVAIL + 2, (short) idx);
        return idx;
    }

    private void round() {
        // two 1024-byte receive buffers per frame (mergeable), one two-descriptor transmit chain
        rxIdx = offer(rxMem, rxIdx, rxIdx & (QUEUE - 1));
        rxIdx = offer(rxMem, rxIdx, rxIdx & (QUEUE - 1));
        assertEquals(1514, tap.send(frame, 0, 1514));
        tap.flush();
        txIdx = offer(txMem, txIdx, (txIdx * 2) & (QUEUE - 1));
        EventFd.signal(tap.tx.kickFd);
        long end = tap.receive(pool, 0);
        assertEquals(1514, end);
        pool.flush();
    }

    @Test
    void framesBothWaysAllocateNothing() {
        tap.memory().add(GPA, GPA, rxMem);
        tap.memory().add(GPA + (1 << 20), GPA + (1 << 20), txMem);
        for (int i = 0; i < QUEUE; i++) {
            txMem.set(U64, 16L * i, txMem.get(U64, 16L * i) + (1 << 20));
        }
        tap.features(12, true);
        tap.rx.attach(QUEUE, rxMem, rxMem.asSlice(AVAIL), rxMem.asSlice(USED), 0);
        tap.tx.attach(QUEUE, txMem, txMem.asSlice(AVAIL), txMem.asSlice(USED), 0);
        int[] fds = {EventFd.create(0, EventFd.EFD_NONBLOCK | EventFd.EFD_CLOEXEC),
                     EventFd.create(0, EventFd.EFD_NONBLOCK | EventFd.EFD_CLOEXEC),
                     EventFd.create(0, EventFd.EFD_NONBLOCK | EventFd.EFD_CLOEXEC)};
        tap.tx.kickFd = fds[0];
        tap.rx.callFd = fds[1];
        tap.tx.callFd = fds[2];
        try {
            var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long tid = Thread.currentThread().threadId();
            for (int i = 0; i < 300_000; i++) {
                round();
            }
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 400_000; i++) {
                round();
            }
            long grew = mx.getThreadAllocatedBytes(tid) - before;
            assertTrue(grew < 64 * 1024, "allocated " + grew + " bytes over 400,000 frames each way");
            // the guest got a frame of two buffers each time, behind num_buffers = 2
            long first = BUFFERS + BUF * ((rxIdx - 2) & (QUEUE - 1));
            assertEquals(2, rxMem.get(U16, first + 10));
        } finally {
            for (int fd : fds) {
                Fd.close(fd);
            }
        }
    }
}

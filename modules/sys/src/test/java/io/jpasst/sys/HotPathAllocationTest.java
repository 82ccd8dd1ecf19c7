package io.jpasst.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * The data-path calls must not allocate per call: after warm-up, many round trips through
 * write/read, send/recv, epoll_ctl/epoll_wait and eventfd may allocate at most a few
 * kilobytes in total on this thread (JIT and class loading noise), never per-call garbage.
 */
class HotPathAllocationTest {
    private static final int ROUNDS = 200_000;

    @Test
    void roundTripsDoNotAllocate() throws Exception {
        long pair = Sock.socketpair(Sock.AF_UNIX, Sock.SOCK_DGRAM | Sock.SOCK_NONBLOCK, 0);
        int ep = Epoll.create();
        int ev = EventFd.create(0, EventFd.EFD_NONBLOCK);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(2048);
            MemorySegment events = Epoll.allocateEvents(arena, 8);
            assertEquals(0, Epoll.ctl(ep, Epoll.CTL_ADD, ev, Epoll.IN, -1L));
            loop(pair, ep, ev, buf, events, ROUNDS); // warm-up: interpreter, then compiled code
            long before = allocatedBytes();
            loop(pair, ep, ev, buf, events, ROUNDS);
            long allocated = allocatedBytes() - before;
            assertTrue(allocated < 64 * 1024, allocated + " bytes allocated in " + ROUNDS + " rounds");
        } finally {
            Fd.close(Fd.first(pair));
            Fd.close(Fd.second(pair));
            Fd.close(ep);
            Fd.close(ev);
        }
    }

    private static void loop(long pair, int ep, int ev, MemorySegment buf, MemorySegment events, int rounds) {
        for (int i = 0; i < rounds; i++) {
            if (Sock.send(Fd.first(pair), buf, 16, 100, 0) != 100
                    || Fd.read(Fd.second(pair), buf, 1000, 1000) != 100
                    || EventFd.signal(ev) != 0
                    || Epoll.wait(ep, events, 8, 0) != 1
                    || Epoll.data(events, 0) != -1L
                    || EventFd.drain(ev) != 1
                    || Epoll.ctl(ep, Epoll.CTL_MOD, ev, Epoll.IN, -1L) != 0
                    || Fd.read(Fd.second(pair), buf, 0, 10) != -Errno.EAGAIN) {
                throw new AssertionError("round " + i + " failed");
            }
        }
    }

    /** Bytes this thread allocated so far. */
    static long allocatedBytes() throws Exception {
        // reflectively: this module reads neither java.management nor jdk.management
        Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Method m = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        return (long) m.invoke(bean);
    }
}

package io.jpasst.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class EpollTest {
    @Test
    void eventfdReadinessCarriesTheFull64BitReference() {
        int ep = Epoll.create();
        int a = EventFd.create(0, EventFd.EFD_NONBLOCK | EventFd.EFD_CLOEXEC);
        int b = EventFd.create(0, EventFd.EFD_NONBLOCK | EventFd.EFD_CLOEXEC);
        assertTrue(ep >= 0 && a >= 0 && b >= 0);
        try (Arena arena = Arena.ofConfined()) {
            long refA = 0x8123_4567_89AB_CDEFL; // negative as a long
            long refB = Long.MAX_VALUE - 1;
            assertEquals(0, Epoll.ctl(ep, Epoll.CTL_ADD, a, Epoll.IN, refA));
            assertEquals(0, Epoll.ctl(ep, Epoll.CTL_ADD, b, Epoll.IN | Epoll.ET, refB));
            MemorySegment events = Epoll.allocateEvents(arena, 4);
            assertEquals(0, Epoll.wait(ep, events, 4, 0), "nothing signalled yet");
            assertEquals(0, EventFd.signal(b));
            assertEquals(0, EventFd.signal(a));
            assertEquals(2, Epoll.wait(ep, events, 4, 1000));
            long seen = 0;
            for (int i = 0; i < 2; i++) {
                assertEquals(Epoll.IN, Epoll.events(events, i));
                long d = Epoll.data(events, i);
                assertTrue(d == refA || d == refB, Long.toHexString(d));
                seen ^= d;
            }
            assertEquals(refA ^ refB, seen);
            assertEquals(1, EventFd.drain(a));
            assertEquals(-Errno.EAGAIN, EventFd.drain(a));
            assertEquals(-Errno.EEXIST, Epoll.ctl(ep, Epoll.CTL_ADD, a, Epoll.IN, 0));
            assertEquals(0, Epoll.ctl(ep, Epoll.CTL_DEL, a, 0, 0));
        } finally {
            Fd.close(a);
            Fd.close(b);
            Fd.close(ep);
        }
    }

    @Test
    void eventSizeMatchesThePackedX86Layout() {
        // x86_64 packs struct epoll_event; other architectures pad it to 16
        int expected = "amd64".equals(System.getProperty("os.arch")) ? 12 : 16;
        assertEquals(expected, Epoll.EVENT_SIZE);
    }

    @Test
    void timerfdFires() {
        int ep = Epoll.create();
        int t = TimerFd.create(TimerFd.CLOCK_MONOTONIC, TimerFd.TFD_NONBLOCK | TimerFd.TFD_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(-Errno.EAGAIN, TimerFd.drain(t));
            assertEquals(0, Epoll.ctl(ep, Epoll.CTL_ADD, t, Epoll.IN, 7));
            assertEquals(0, TimerFd.set(t, 1_000_000L, 0));
            MemorySegment events = Epoll.allocateEvents(arena, 1);
            assertEquals(1, Epoll.wait(ep, events, 1, 2000));
            assertEquals(7, Epoll.data(events, 0));
            assertEquals(1, TimerFd.drain(t));
        } finally {
            Fd.close(t);
            Fd.close(ep);
        }
    }
}

package io.jpasst.engine.runtime.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One-shot timers, the task queue and the injected clock of {@link EventLoop}. */
class EventLoopTimersTest {
    /** Far in the future of System.nanoTime, so a real clock would never reach the deadlines. */
    private final AtomicLong clock = new AtomicLong(Long.MAX_VALUE - 5_000_000_000L);
    private final List<String> fired = new ArrayList<>();
    private final EventLoop loop = new EventLoop((type, t, n) -> fired.add("failed " + t), clock::get);

    @AfterEach
    void close() {
        loop.close();
    }

    private void advance(long ns) {
        clock.addAndGet(ns);
        loop.round();
    }

    @Test
    void oneShotTimersFireOnceInDeadlineOrderOnTheInjectedClock() {
        int kind = loop.timerKind((arg, now) -> fired.add("t" + arg));
        int a = loop.timer(kind, 1);
        int b = loop.timer(kind, 2);
        int c = loop.timer(kind, 3);
        long t0 = clock.get();
        loop.schedule(a, t0 + 300);
        loop.schedule(b, t0 + 100);
        loop.schedule(c, t0 + 200);
        advance(150);
        assertEquals(List.of("t2"), fired);
        advance(1_000);
        assertEquals(List.of("t2", "t3", "t1"), fired);
        advance(1_000_000_000L);
        assertEquals(3, fired.size(), "one-shot: nothing fires again");
        assertFalse(loop.armed(a));
    }

    @Test
    void cancelledAndMovedTimers() {
        int kind = loop.timerKind((arg, now) -> fired.add("t" + arg));
        int a = loop.timer(kind, 1);
        int b = loop.timer(kind, 2);
        long t0 = clock.get();
        loop.schedule(a, t0 + 100);
        loop.schedule(b, t0 + 200);
        loop.cancel(a);
        loop.schedule(b, t0 + 50);
        advance(60);
        assertEquals(List.of("t2"), fired);
        advance(1_000);
        assertEquals(List.of("t2"), fired, "cancelled");
        loop.schedule(a, clock.get() + 10);
        assertTrue(loop.armed(a));
        advance(10);
        assertEquals(List.of("t2", "t1"), fired, "armed again after a cancel");
    }

    @Test
    void periodicTimersAndFailuresStayInTheLoop() {
        loop.every(1_000, now -> fired.add("tick"));
        int kind = loop.timerKind((arg, now) -> {
            throw new IllegalStateException("boom");
        });
        loop.schedule(loop.timer(kind, 0), clock.get() + 500);
        advance(600);
        advance(600);
        advance(1_000);
        assertEquals(List.of("failed java.lang.IllegalStateException: boom", "tick", "tick"), fired);
        assertEquals(1, loop.handlerFailures());
    }

    @Test
    void aTimerReArmedInThePastWaitsForTheNextRound() {
        int[] self = new int[1];
        int kind = loop.timerKind((arg, now) -> {
            fired.add("t");
            loop.schedule(self[0], now - 1);
        });
        self[0] = loop.timer(kind, 0);
        loop.schedule(self[0], clock.get());
        advance(0);
        assertEquals(1, fired.size());
        advance(0);
        assertEquals(2, fired.size());
    }

    @Test
    void postedTasksRunOnTheLoopThreadInTheNextRound() throws Exception {
        Thread poster = Thread.ofPlatform().start(() -> loop.post(() -> fired.add("task " + Thread.currentThread().getName())));
        poster.join();
        assertEquals(List.of(), fired);
        loop.round();
        assertEquals(List.of("task " + Thread.currentThread().getName()), fired);
    }

    @Test
    void theHeapKeepsOrderThroughRandomScheduleAndCancel() {
        List<Long> seen = new ArrayList<>();
        long t0 = clock.get();
        int n = 500;
        int[] ids = new int[n];
        int[][] holder = new int[1][];
        int kind = loop.timerKind((arg, now) -> seen.add(loop.deadline(holder[0][arg])));
        int[] byArg = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = loop.timer(kind, i);
            byArg[i] = ids[i];
        }
        holder[0] = byArg;
        SplittableRandom r = new SplittableRandom(7);
        int armed = 0;
        for (int round = 0; round < 5_000; round++) {
            int id = ids[r.nextInt(n)];
            if (r.nextInt(4) == 0) {
                loop.cancel(id);
            } else {
                loop.schedule(id, t0 + 1 + r.nextInt(1_000_000));
            }
        }
        for (int id : ids) {
            armed += loop.armed(id) ? 1 : 0;
        }
        advance(2_000_000);
        assertEquals(armed, seen.size());
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i - 1) <= seen.get(i), "deadline order");
        }
    }
}

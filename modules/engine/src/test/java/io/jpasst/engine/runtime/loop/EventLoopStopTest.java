package io.jpasst.engine.runtime.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the loop is stopped: by its own thread without the wake-up eventfd, by others with it. */
class EventLoopStopTest {
    private final EventLoop loop = new EventLoop((type, t, n) -> { });

    @Test
    void stoppedBeforeRunOnItsOwnThreadRunsOneRoundWithoutWaitingOrWaking() {
        loop.stop();
        // no timers: a round that waited would sleep a second; the budget leaves room for load
        assertTimeoutPreemptively(Duration.ofSeconds(5), loop::run);
        assertEquals(0, loop.events(EventType.WAKE), "the stop wrote the wake-up eventfd");
        loop.close();
    }

    @Test
    void stoppedFromAnotherThreadIsWokenUp() throws Exception {
        Thread stopper = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loop.stop();
        });
        assertTimeoutPreemptively(Duration.ofSeconds(10), loop::run);
        stopper.join();
        assertEquals(1, loop.events(EventType.WAKE), "another thread's stop must wake the loop");
        loop.close();
    }
}

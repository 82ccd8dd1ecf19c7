package io.jpasst.engine.testkit;

import io.jpasst.engine.runtime.loop.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A real event loop on a thread of its own, for tests of what runs on it: handlers are wired
 * to {@link #loop()} before {@link #start()}, and the test's steps run on the loop thread
 * through {@link #onLoop} (waiting for them) or {@link #post} (not waiting), as the handlers'
 * own events do. Handler failures the loop caught are counted, for the test to assert none.
 *
 * <p>With a {@link TestClock}, time moves only when the test moves it; {@link #awaitRoundAt}
 * then waits until the loop has run a whole round (timers, end-of-round hooks) at that time.
 */
public final class LoopHarness implements AutoCloseable {
    private static final long WAIT_SECONDS = 5;

    private final AtomicLong failures = new AtomicLong();
    private final EventLoop loop;
    /** Rounds completed, and the time the last one ran at (the loop's clock). */
    private final AtomicLong rounds = new AtomicLong();
    private volatile long lastRoundAt;
    private Thread thread;

    /** A loop on the system's clock. */
    public LoopHarness() {
        this(System::nanoTime);
    }

    /** A loop whose timers and handlers see {@code clock} as the time. */
    public LoopHarness(LongSupplier clock) {
        loop = new EventLoop((type, t, n) -> failures.incrementAndGet(), clock);
    }

    public EventLoop loop() {
        return loop;
    }

    /** Starts the loop thread; once, after the handlers are wired. */
    public LoopHarness start() {
        // The last hook of a round: what the handlers wired before ran and flushed.
        loop.afterRound(now -> {
            lastRoundAt = now;
            rounds.incrementAndGet();
        });
        thread = Thread.ofPlatform().start(loop::run);
        return this;
    }

    /** Queues a step for the loop thread without waiting for it. */
    public void post(Runnable step) {
        loop.post(step);
    }

    /**
     * Wakes the loop and waits (five seconds at most) until it has completed a round that ran
     * at {@code time} or later on its clock: every timer due by then has fired and what it sent
     * is flushed. Set the clock first.
     */
    public void awaitRoundAt(long time) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        do {
            loop.post(() -> { });
            for (int i = 0; i < 100; i++) {
                if (rounds.get() > 0 && lastRoundAt - time >= 0) {
                    return;
                }
                Thread.sleep(1);
            }
        } while (System.nanoTime() - end < 0);
        throw new AssertionError("the loop ran no round at " + time + " within " + WAIT_SECONDS + " s");
    }

    /**
     * Runs a step on the loop thread and waits for it (five seconds at most); what it threw
     * (an assertion too) is thrown here.
     */
    public void onLoop(Runnable step) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        post(() -> {
            try {
                step.run();
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) e.getCause();
        }
    }

    /** Rounds the loop completed since {@link #start()}. */
    public long rounds() {
        return rounds.get();
    }

    /** Handler failures the loop caught and counted so far. */
    public long failures() {
        return failures.get();
    }

    /** Stops the loop and waits for its thread (five seconds at most). */
    @Override
    public void close() throws InterruptedException {
        loop.stop();
        if (thread != null) {
            thread.join(WAIT_SECONDS * 1000);
        }
    }
}

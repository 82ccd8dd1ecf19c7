package io.jpasst.engine.testkit;

import io.jpasst.engine.runtime.loop.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real event loop on a thread of its own, for tests of what runs on it: handlers are wired
 * to {@link #loop()} before {@link #start()}, and the test's steps run on the loop thread
 * through {@link #onLoop} (waiting for them) or {@link #post} (not waiting), as the handlers'
 * own events do. Handler failures the loop caught are counted, for the test to assert none.
 */
public final class LoopHarness implements AutoCloseable {
    /** How often queued steps are picked up: short enough not to slow a test down. */
    private static final long STEP_PERIOD_NS = 1_000_000L;
    private static final long WAIT_SECONDS = 5;

    private final AtomicLong failures = new AtomicLong();
    private final ConcurrentLinkedQueue<Runnable> steps = new ConcurrentLinkedQueue<>();
    private final EventLoop loop = new EventLoop((type, t, n) -> failures.incrementAndGet());
    private Thread thread;

    public LoopHarness() {
        loop.every(STEP_PERIOD_NS, now -> {
            for (Runnable r; (r = steps.poll()) != null; ) {
                r.run();
            }
        });
    }

    public EventLoop loop() {
        return loop;
    }

    /** Starts the loop thread; once, after the handlers are wired. */
    public LoopHarness start() {
        thread = Thread.ofPlatform().start(loop::run);
        return this;
    }

    /** Queues a step for the loop thread without waiting for it. */
    public void post(Runnable step) {
        steps.add(step);
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

package io.jpasst.engine.runtime.app;

import io.jpasst.engine.runtime.log.Log;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A test hook for the "no allocation per packet" rule: with {@code -Djpasst.allocProbe=FILE}
 * a daemon thread writes the event-loop thread's allocated bytes (as the JVM counts them) to
 * FILE ten times a second. The sampling thread is not the loop thread, so the measurement
 * does not disturb what it measures; tests compare two readings around a transfer.
 */
final class AllocationProbe {
    static final String PROPERTY = "jpasst.allocProbe";
    private static final long PERIOD_MS = 100;

    private AllocationProbe() {}

    /** Starts sampling the calling thread if the property is set. */
    static void watchCurrentThreadIfRequested() {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isEmpty()
                || !(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)) {
            return;
        }
        long loopThread = Thread.currentThread().threadId();
        Path target = Path.of(file);
        Path tmp = Path.of(file + ".tmp");
        Thread t = Thread.ofPlatform().daemon().name("alloc-probe").unstarted(() -> {
            while (true) {
                try {
                    Files.writeString(tmp, Long.toString(mx.getThreadAllocatedBytes(loopThread)) + "\n");
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    Thread.sleep(PERIOD_MS);
                } catch (IOException e) {
                    Log.warn("allocation probe: " + e.getMessage());
                    return;
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        t.start();
    }
}

package io.jpasst.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for something the processes under test do later: the one polling loop of the tests. */
final class Poll {
    private Poll() {
    }

    /**
     * Checks {@code condition} every 50 ms until it holds or {@code within} has passed; true if
     * it held. The check after the deadline still counts, so a slow last pass is not a failure.
     */
    static boolean until(BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return condition.getAsBoolean();
            }
            NamespaceHolder.sleepBriefly();
        }
        return true;
    }
}

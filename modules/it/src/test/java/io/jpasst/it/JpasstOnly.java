package io.jpasst.it;

import org.junit.jupiter.api.Assumptions;

/**
 * For tests of what only jpasst has (the counters report, the JVM's per-thread sandbox): they
 * are skipped when {@code -Djpasst.pasta} points the suite at another pasta, such as the C one.
 */
final class JpasstOnly {
    private JpasstOnly() {}

    static void assume() {
        String chosen = System.getProperty("jpasst.pasta");
        Assumptions.assumeTrue(chosen == null || chosen.isBlank(), "checks jpasst's own behaviour");
    }

    /** The same for passt ({@code -Djpasst.passt}). */
    static void assumePasst() {
        String chosen = System.getProperty("jpasst.passt");
        Assumptions.assumeTrue(chosen == null || chosen.isBlank(), "checks jpasst's own passt");
    }
}

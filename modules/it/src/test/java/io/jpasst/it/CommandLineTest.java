package io.jpasst.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** What callers read without starting a network: `podman info` shows the first line of --version. */
class CommandLineTest extends PastaTestBase {
    private static final Duration QUICK = Duration.ofSeconds(30);

    @Test
    void versionExitsZeroAndNamesPastaOnItsFirstLine() {
        Proc.Result run = topology.runAsUser(QUICK, null, pasta.command("--version")).assertSuccess();
        String first = run.stdout().lines().findFirst().orElse("");
        assertTrue(first.startsWith("pasta "), run::toString);
    }

    /** Upstream's smoke test; the 2023 C pasta still exited 1 here. */
    @Test
    void helpExitsZeroAndShowsUsage() {
        Proc.Result run = topology.runAsUser(QUICK, null, pasta.command("--help"));
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue((run.stdout() + run.stderr()).contains("Usage:"), run::toString);
    }
}

package io.jpasst.it;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code sleep} the test user starts under {@code unshare}, holding new namespaces the
 * way a container runtime does; pasta attaches to them. Closing kills it by PID.
 */
final class NamespaceHolder implements AutoCloseable {
    private final Proc.Running launcher;
    private final ProcessHandle sleeper;

    /** unshareFlags: e.g. {@code -rn} (user + net) or {@code -Urmn} (user + mount + net). */
    NamespaceHolder(Topology topology, String unshareFlags) {
        launcher = topology.startAsUser(List.of("unshare", unshareFlags, "sleep", "600"));
        sleeper = awaitSleeper();
    }

    /** The sleep itself: it only becomes "sleep" after unshare set the namespaces up. */
    private ProcessHandle awaitSleeper() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (ProcessHandle p : launcher.descendants()) {
                if ("sleep".equals(HostProcesses.comm(p))) {
                    return p;
                }
            }
            sleepBriefly();
        }
        launcher.close();
        throw new AssertionError("namespace holder did not start: unshare " + launcher);
    }

    long pid() {
        return sleeper.pid();
    }

    /** {@code nsenter} into the holder's user (and, with mount, mount) namespace, as its root. */
    List<String> enter(boolean mount, String... argv) {
        List<String> full = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid()), "-U"));
        if (mount) {
            full.add("-m");
        }
        full.add("--preserve-credentials");
        full.addAll(List.of(argv));
        return full;
    }

    /** Ends the holder: its namespaces lose their last process. */
    @Override
    public void close() {
        HostProcesses.kill(sleeper);
        launcher.close();
    }

    static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

package io.jpasst.it;

import static io.jpasst.it.Topology.HOST_IF;
import static io.jpasst.it.Topology.HOST_V4;
import static io.jpasst.it.Topology.PREFIX_V4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The life cycle podman and similar callers rely on (see callers.md): the foreground pasta
 * exits 0 only once the namespace is configured, lets go of the caller's output pipes, and
 * the daemon it leaves quits by itself when the namespace goes away.
 *
 * <p>Like rootless podman, the test user owns a user + mount namespace (the holder), makes a
 * network namespace there, bind-mounts it onto a file and runs pasta as root of that user
 * namespace with {@code --netns FILE}.
 */
class PodmanLifecycleTest extends PastaTestBase {
    /** podman's default options for one container without port mappings, in its order. */
    private static final List<String> PODMAN_DEFAULTS = List.of("--config-net", "--dns-forward", "169.254.1.1",
            "-t", "none", "-u", "none", "-T", "none", "-U", "none", "--no-map-gw", "--quiet");
    /** Last on podman's line; podman retries without it if pasta does not know it. */
    private static final List<String> MAP_GUEST_ADDR = List.of("--map-guest-addr", "169.254.1.2");
    private static final Duration READY_WITHIN = Duration.ofSeconds(10);
    private static final Duration QUIT_WITHIN = Duration.ofSeconds(5);

    private Proc.Result runAsPodman(NamespaceHolder holder, Path netnsFile, List<String> tail) {
        topology.runAsUser(TIMEOUT, null, holder.enter(true, "sh", "-c", "touch " + netnsFile
                + " && mount --bind /proc/" + holder.pid() + "/ns/net " + netnsFile)).assertSuccess();
        List<String> options = new ArrayList<>(PODMAN_DEFAULTS);
        options.addAll(List.of("--netns", netnsFile.toString()));
        options.addAll(tail);
        List<String> argv = holder.enter(true, pasta.command(options.toArray(String[]::new)).toArray(String[]::new));
        // await() fails if stdout/stderr are not at EOF when pasta exits
        return topology.runAsUser(READY_WITHIN, null, argv);
    }

    @Test
    void podmanDefaultCommandLineExitsZeroWithNamespaceReadyAndOutputClosed() {
        Path netns = topology.work().resolve("netns-default");
        try (NamespaceHolder holder = new NamespaceHolder(topology, "-Urmn")) {
            Proc.Result r = runAsPodman(holder, netns, MAP_GUEST_ADDR);
            r.assertSuccess();
            assertTrue(r.elapsed().compareTo(READY_WITHIN) < 0, r::toString);
            // right after the exit, as podman does: the address must already be there
            Proc.Result addr = topology.runAsUser(TIMEOUT, null, holder.enter(true, "nsenter", "--net=" + netns,
                    "ip", "-j", "addr", "show", "dev", HOST_IF)).assertSuccess();
            assertEquals(List.of(HOST_V4 + "/" + PREFIX_V4), Jq.lines(addr.stdout(),
                    ".[].addr_info[] | select(.family == \"inet\") | \"\\(.local)/\\(.prefixlen)\""),
                    () -> "namespace not configured when pasta exited: " + r + "\n" + addr);
            daemonOf(r);
        }
    }

    @Test
    void daemonQuitsWhenTheNetnsFileIsRemoved() {
        Path netns = topology.work().resolve("netns-removed");
        try (NamespaceHolder holder = new NamespaceHolder(topology, "-Urmn")) {
            // the line podman falls back to for pastas without --map-guest-addr
            ProcessHandle daemon = daemonOf(runAsPodman(holder, netns, List.of()).assertSuccess());
            // podman's removal: lazy unmount (pasta may hold the file open), then unlink
            topology.runAsUser(TIMEOUT, null, holder.enter(true, "sh", "-c", "umount -l " + netns
                    + " && rm " + netns)).assertSuccess();
            assertQuits(daemon, QUIT_WITHIN);
        }
    }

    @Test
    void daemonAttachedToAPidQuitsWhenThatProcessDies() {
        ProcessHandle daemon;
        try (NamespaceHolder holder = new NamespaceHolder(topology, "-rn")) {
            daemon = daemonOf(topology.runAsUser(READY_WITHIN, null, pasta.command("--config-net", "--quiet",
                    Long.toString(holder.pid()))).assertSuccess());
        }
        assertQuits(daemon, Duration.ofSeconds(10));
    }

    /** The daemon that run left behind, by the PID it wrote with --pid. */
    private ProcessHandle daemonOf(Proc.Result run) {
        return pasta.daemon().orElseThrow(() -> new AssertionError("no pasta daemon left running (pid file "
                + pasta.pidFile() + ") after: " + run));
    }

    private static void assertQuits(ProcessHandle daemon, Duration within) {
        assertTrue(Poll.until(() -> !PastaUnderTest.running(daemon), within), "pasta daemon " + daemon.pid() + " still runs "
                + within.toSeconds() + " s after its namespace went away");
    }
}

package io.jpasst.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sandbox is in effect once pasta serves: its event-loop thread (the JVM's main thread)
 * and its namespace thread keep only CAP_NET_BIND_SERVICE and have no_new_privs, while the
 * command it started keeps its full capabilities in the new namespaces. Run as root in the
 * initial user namespace, the launcher switches to nobody before anything else.
 */
class SandboxTest extends PastaTestBase {
    private static final String NET_BIND_SERVICE_ONLY = "0000000000000400";

    /** Prints "TID COMM|CapEff|NoNewPrivs" for every thread of pasta (the script's parent). */
    private static final String THREADS = "for t in /proc/$PPID/task/*; do printf '%s %s|%s|%s\\n' ${t##*/} "
            + "\"$(cat $t/comm)\" \"$(sed -n 's/^CapEff:\\t//p' $t/status)\" \"$(sed -n 's/^NoNewPrivs:\\t//p' $t/status)\"; done; ";

    @Test
    void loopAndNamespaceThreadsKeepOnlyNetBindServiceAndNoNewPrivs() {
        JpasstOnly.assume();
        Proc.Result run = inConfiguredNamespace(
                waitUntil("[ $(grep -l 'NoNewPrivs:.1' /proc/$PPID/task/*/status | wc -l) -ge 2 ]", 10)
                        + THREADS + "echo self $(sed -n 's/^CapEff:\\t//p' /proc/self/status)");
        Map<String, String> byName = new TreeMap<>();
        List<String> lines = new ArrayList<>(run.stdout().lines().toList());
        String self = lines.remove(lines.size() - 1);
        for (String line : lines) {
            String[] f = line.split(" ", 2);
            byName.merge(f[1].substring(0, f[1].indexOf('|')), f[1], (a, b) -> a + "," + b);
        }
        assertEquals("netns|" + NET_BIND_SERVICE_ONLY + "|1", byName.get("netns"), () -> "namespace thread: " + run);
        // The launcher's primordial thread and the main thread both show as "java"; main runs the loop.
        assertTrue(byName.getOrDefault("java", "").contains("java|" + NET_BIND_SERVICE_ONLY + "|1"),
                () -> "event-loop thread: " + run);
        assertTrue(!self.endsWith(NET_BIND_SERVICE_ONLY) && self.matches("self [0-9a-f]{16}"),
                () -> "the command keeps its capabilities: " + self);
    }

    @Test
    void aDaemonAttachedToAProcessIsConfinedWhenItReportsReady() throws IOException {
        JpasstOnly.assume();
        try (NamespaceHolder holder = new NamespaceHolder(topology, "-rn")) {
            Proc.Result run = topology.runAsUser(TIMEOUT, null, pasta.command("--config-net", "--quiet",
                    Long.toString(holder.pid()))).assertSuccess();
            ProcessHandle daemon = pasta.daemon().orElseThrow(() -> new AssertionError("no daemon: " + run));
            // Ready means confined: no waiting here.
            Map<String, String> confined = new TreeMap<>();
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(daemon.pid()), "task"))) {
                for (Path t : tasks.toList()) {
                    String status = Files.readString(t.resolve("status"));
                    if (status.contains("\nNoNewPrivs:\t1\n")) {
                        confined.merge(Files.readString(t.resolve("comm")).strip(), field(status, "CapEff"),
                                (a, b) -> a + "," + b);
                    }
                }
            }
            assertEquals(Map.of("java", NET_BIND_SERVICE_ONLY, "netns", NET_BIND_SERVICE_ONLY), confined,
                    () -> "confined threads of " + daemon.pid());
        }
    }

    private static String field(String status, String name) {
        return status.lines().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).strip())
                .findFirst().orElse("");
    }

    @Test
    void rootInTheInitialUserNamespaceRunsAsNobody() {
        List<String> argv = List.of("ip", "netns", "exec", topology.hostNamespace(),
                PastaUnderTest.binary().toString(), "--config-net", "--", "sh", "-c",
                "cat /proc/self/uid_map; id -u");
        Proc.Result run = Proc.run(TIMEOUT, null, Path.of("/"), argv).assertSuccess();
        List<String> out = run.stdout().lines().map(l -> l.trim().replaceAll("\\s+", " ")).toList();
        String nobody = Proc.run(TIMEOUT, null, Path.of("/"), List.of("id", "-u", "nobody")).assertSuccess()
                .stdout().strip();
        assertEquals(List.of("0 " + nobody + " 1", "0"), out, () -> "mapped from nobody: " + run);
    }
}

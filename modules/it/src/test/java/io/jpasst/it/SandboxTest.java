package io.jpasst.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sandbox is in effect once pasta or passt serves: the threads that act on traffic (the
 * event loop, the JVM's main thread, and pasta's namespace thread) keep only
 * CAP_NET_BIND_SERVICE, have no_new_privs, and live in mount, IPC and UTS namespaces of their
 * own, while the process's first thread (the caller's namespaces) and the command pasta
 * started keep theirs. Run as root in the initial user namespace, the launcher switches to
 * nobody before anything else.
 */
class SandboxTest extends PasstTestBase {
    private static final String NET_BIND_SERVICE_ONLY = "0000000000000400";
    private static final List<String> DETACHED = List.of("mnt", "ipc", "uts");

    /** One thread: its name, CapEff, NoNewPrivs and the mnt, ipc, uts namespace links. */
    record Task(String comm, String capEff, String noNewPrivs, List<String> ns) {
        static Task parse(String line) {
            String[] f = line.split("\\|", -1);
            return new Task(f[0], f[1], f[2], List.of(f[3], f[4], f[5]));
        }

        boolean confined() {
            return noNewPrivs.equals("1");
        }
    }

    /** Prints one {@link Task} line for the directory $t (a /proc task or process). */
    private static final String TASK = "printf '%s|%s|%s|%s|%s|%s\\n' \"$(cat $t/comm)\" "
            + "\"$(sed -n 's/^CapEff:\\t//p' $t/status)\" \"$(sed -n 's/^NoNewPrivs:\\t//p' $t/status)\" "
            + "$(readlink $t/ns/mnt) $(readlink $t/ns/ipc) $(readlink $t/ns/uts); ";

    @Test
    void loopAndNamespaceThreadsAreConfinedAndTheCommandIsNot() {
        JpasstOnly.assume();
        Proc.Result run = inConfiguredNamespace(
                waitUntil("[ $(grep -l 'NoNewPrivs:.1' /proc/$PPID/task/*/status | wc -l) -ge 2 ]", 10)
                        + "t=/proc/$PPID; " + TASK + "t=/proc/self; " + TASK
                        + "for t in /proc/$PPID/task/*; do " + TASK + "done");
        List<Task> tasks = new ArrayList<>(run.stdout().lines().map(Task::parse).toList());
        Task process = tasks.remove(0);
        Task command = tasks.remove(0);
        Map<String, String> confined = confined(tasks, process);
        assertEquals(Map.of("java", NET_BIND_SERVICE_ONLY + " own", "netns", NET_BIND_SERVICE_ONLY + " own"),
                confined, () -> "event loop (java) and namespace thread: " + run);
        assertEquals(process.ns(), command.ns(), () -> "the command stays in the caller's namespaces: " + run);
        assertTrue(!command.capEff().equals(NET_BIND_SERVICE_ONLY) && command.capEff().matches("[0-9a-f]{16}"),
                () -> "the command keeps its capabilities: " + run);
    }

    @Test
    void aDaemonAttachedToAProcessIsConfinedWhenItReportsReady() throws IOException {
        JpasstOnly.assume();
        try (NamespaceHolder holder = new NamespaceHolder(topology, "-rn")) {
            Proc.Result run = topology.runAsUser(TIMEOUT, null, pasta.command("--config-net", "--quiet",
                    Long.toString(holder.pid()))).assertSuccess();
            // Ready means confined: no waiting here.
            assertEquals(Map.of("java", NET_BIND_SERVICE_ONLY + " own", "netns", NET_BIND_SERVICE_ONLY + " own"),
                    daemonThreads(), () -> "confined threads: " + run);
        }
    }

    @Test
    void passtLoopIsConfinedWhenItReportsReady() {
        JpasstOnly.assumePasst();
        Path socket = listening("sandbox");
        assertEquals(Map.of("java", NET_BIND_SERVICE_ONLY + " own"), daemonThreads(), "passt's confined threads");
        // Still serving from its own namespaces.
        assertEquals(Topology.HOST_V4, client(socket, "dhcp").get("dhcp-offer"));
    }

    /** The confined threads of the daemon by name, read from /proc by the test (root). */
    private Map<String, String> daemonThreads() {
        ProcessHandle daemon = pasta.daemon().orElseThrow(() -> new AssertionError("no daemon"));
        Path proc = Path.of("/proc", Long.toString(daemon.pid()));
        try (Stream<Path> dirs = Files.list(proc.resolve("task"))) {
            List<Task> tasks = new ArrayList<>();
            for (Path t : dirs.toList()) {
                tasks.add(read(t));
            }
            Task process = read(proc);
            // The first thread is the caller's: the IPC and UTS namespaces are this test's own.
            assertEquals(read(Path.of("/proc/self")).ns().subList(1, 3), process.ns().subList(1, 3),
                    "the daemon's first thread is in the caller's IPC and UTS namespaces");
            return confined(tasks, process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Task read(Path t) throws IOException {
        String status = Files.readString(t.resolve("status"));
        List<String> ns = new ArrayList<>();
        for (String kind : DETACHED) {
            ns.add(Files.readSymbolicLink(t.resolve("ns").resolve(kind)).toString());
        }
        return new Task(Files.readString(t.resolve("comm")).strip(), field(status, "CapEff"),
                field(status, "NoNewPrivs"), ns);
    }

    /**
     * The confined tasks by name: "CapEff own" when all of mnt, ipc and uts differ from the
     * process's first thread, else "CapEff shared".
     */
    private static Map<String, String> confined(List<Task> tasks, Task process) {
        Map<String, String> byName = new TreeMap<>();
        for (Task t : tasks) {
            if (t.confined()) {
                boolean own = true;
                for (int i = 0; i < DETACHED.size(); i++) {
                    own &= !t.ns().get(i).equals(process.ns().get(i));
                }
                byName.merge(t.comm(), t.capEff() + (own ? " own" : " shared"), (a, b) -> a + "," + b);
            }
        }
        assertNotEquals("1", process.noNewPrivs(), "the first thread is the JVM's, not ours");
        return byName;
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

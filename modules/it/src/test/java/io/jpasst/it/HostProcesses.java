package io.jpasst.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** What /proc says about processes the tests did not start directly (daemons, podman's helpers). */
final class HostProcesses {
    private HostProcesses() {
    }

    static String comm(ProcessHandle p) {
        return read(p, "comm").strip();
    }

    /** The command line, arguments joined by spaces; empty once the process is gone. */
    static String cmdline(ProcessHandle p) {
        return read(p, "cmdline").replace('\0', ' ').strip();
    }

    /** The real uid, as the initial user namespace sees it; -1 once the process is gone. */
    static int uid(ProcessHandle p) {
        for (String line : read(p, "status").split("\n")) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.substring(4).strip().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /** Live (not zombie) processes of uid whose network namespace is the one netnsFile names. */
    static Stream<ProcessHandle> inNamespace(Path netnsFile, int uid) {
        String wanted;
        try {
            wanted = "net:[" + Files.getAttribute(netnsFile, "unix:ino") + "]";
        } catch (IOException e) {
            return Stream.empty();
        }
        return ProcessHandle.allProcesses().filter(p -> uid(p) == uid && PastaUnderTest.running(p)
                && wanted.equals(netns(p)));
    }

    private static String netns(ProcessHandle p) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "ns", "net")).toString();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * SIGKILL by PID, then wait up to 5 s for it to go (a zombie counts as gone). Polled
     * through /proc: {@code onExit()} of a process that is not our child sleeps 300 ms, then
     * 330, 360, ... between its checks, which cost each test about 1.5 s.
     */
    static void kill(ProcessHandle p) {
        p.destroyForcibly();
        Poll.until(() -> !PastaUnderTest.running(p), Duration.ofSeconds(5));
    }

    private static String read(ProcessHandle p, String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(p.pid()), file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}

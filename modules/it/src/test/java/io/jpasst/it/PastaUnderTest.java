package io.jpasst.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The pasta binary these tests check, and the daemons it leaves behind. The binary is
 * {@code -Djpasst.pasta=PATH} (e.g. {@code /usr/bin/pasta}, the C reference), else our own
 * {@code ${jpasst.root}/bin/pasta}: the same tests must pass against both.
 *
 * <p>Every invocation made through one instance writes its daemon PID to that instance's
 * file ({@code --pid}), so {@link #close()} can kill exactly the daemon it started, by PID,
 * even when a test fails half way.
 */
final class PastaUnderTest implements AutoCloseable {
    private final Path pidFile;

    PastaUnderTest(Topology topology, String name) {
        this.pidFile = topology.work().resolve(name + ".pid");
    }

    static Path binary() {
        return tool("jpasst.pasta", "pasta");
    }

    /** The binary named by system property, else bin/name of this checkout. */
    static Path tool(String property, String name) {
        String chosen = System.getProperty(property);
        if (chosen != null && !chosen.isBlank()) {
            return Path.of(chosen);
        }
        return Path.of(System.getProperty("jpasst.root", "."), "bin", name).toAbsolutePath().normalize();
    }

    /** {@code pasta --pid FILE args...}: the command line for one run of the pasta under test. */
    List<String> command(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(binary().toString());
        argv.add("--pid");
        argv.add(pidFile.toString());
        argv.addAll(List.of(args));
        return argv;
    }

    Path pidFile() {
        return pidFile;
    }

    /** The PID pasta wrote, once it wrote one. */
    OptionalLong daemonPid() {
        try {
            String text = Files.readString(pidFile).strip();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The daemon, while it runs. */
    Optional<ProcessHandle> daemon() {
        OptionalLong pid = daemonPid();
        return pid.isPresent() ? ProcessHandle.of(pid.getAsLong()).filter(PastaUnderTest::running) : Optional.empty();
    }

    /**
     * Alive and not a zombie: an exited daemon whose new parent does not reap it (as in some
     * containers' PID 1) still answers kill(pid, 0), but it has quit.
     */
    static boolean running(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Kills the daemon this instance started, if it is still there. */
    @Override
    public void close() {
        daemon().ifPresent(HostProcesses::kill);
    }
}

package io.jpasst.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * passt under test: the binary ({@code -Djpasst.passt=PATH}, else our {@code bin/passt}),
 * started in the topology's host netns as the test user, and a qemu stand-in
 * (passt-client.py) talking the stream protocol on its socket. The daemon's PID goes to the
 * per-test pid file of {@link PastaUnderTest}, which kills it after the test.
 */
abstract class PasstTestBase extends PastaTestBase {
    static Path passtBinary() {
        return PasstGuest.binary();
    }

    /** {@code passt --pid FILE args...}. */
    List<String> passt(String... args) {
        return PasstGuest.command(pasta, List.of(args));
    }

    Path socket(String name) {
        return topology.work().resolve(name + ".socket");
    }

    /** Starts the daemon the way libvirt does (no -f): the launcher must exit 0 once it listens. */
    Proc.Result startDaemon(String... args) {
        Proc.Result run = topology.runAsUser(TIMEOUT, null, passt(args)).assertSuccess();
        assertEquals(true, pasta.daemon().isPresent(), () -> "no passt daemon after start: " + run);
        return run;
    }

    /** A passt daemon listening on the socket of that name (and nothing more); returns the socket. */
    Path listening(String name, String... extra) {
        Path socket = socket(name);
        List<String> args = new ArrayList<>(List.of(extra));
        args.addAll(List.of("--socket", socket.toString()));
        startDaemon(args.toArray(String[]::new));
        return socket;
    }

    /** Runs the stream client against socket; returns its "key value..." lines. */
    Map<String, String> client(Path socket, String... modeAndArgs) {
        List<String> argv = new ArrayList<>(List.of("python3", clientScript().toString(), socket.toString()));
        argv.addAll(List.of(modeAndArgs));
        Proc.Result run = topology.runAsUser(TIMEOUT, null, argv).assertSuccess();
        Map<String, String> lines = new LinkedHashMap<>();
        run.stdout().lines().forEach(l -> {
            int sp = l.indexOf(' ');
            lines.put(sp < 0 ? l : l.substring(0, sp), sp < 0 ? "" : l.substring(sp + 1));
        });
        lines.put("_run", run.toString());
        return lines;
    }

    private static Path clientScript() {
        return topology.script("passt-client.py");
    }

    /** Waits up to timeout for the daemon to exit; true if it did. */
    boolean daemonExits(Duration timeout) {
        return Poll.until(() -> pasta.daemon().isEmpty(), timeout);
    }
}

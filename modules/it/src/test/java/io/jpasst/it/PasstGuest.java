package io.jpasst.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * passt in pasta's place for a suite's script: the daemon started as the test user in the
 * host netns, on a socket of its own, for one guest ({@code -1}); the script runs in a
 * {@link PasstGuestBridge} guest. {@code --config-net}, which passt does not have, becomes
 * {@link PasstGuestBridge#configureLikeHost()}; {@code --dhcp-dns} and {@code --dhcp-search},
 * pasta-only options that ask for what passt does by default, are dropped (passt refuses
 * them); every other option goes to passt as given.
 */
final class PasstGuest {
    private static final String CONFIG_NET = "--config-net";
    private static final List<String> PASST_DEFAULTS = List.of("--dhcp-dns", "--dhcp-search");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private PasstGuest() {
    }

    static Path binary() {
        return PastaUnderTest.tool("jpasst.passt", "passt");
    }

    /** {@code passt --pid FILE args...}: the daemon's PID goes where daemon's close() finds it. */
    static List<String> command(PastaUnderTest daemon, List<String> args) {
        List<String> argv = new ArrayList<>(List.of(binary().toString(), "--pid", daemon.pidFile().toString()));
        argv.addAll(args);
        return argv;
    }

    /** Runs {@code sh -c script} in a fresh guest of a fresh passt started with options. */
    static Proc.Result run(Topology topology, PastaUnderTest daemon, String stdin, List<String> options,
            String script) {
        Path socket = topology.work().resolve("guest-" + COUNTER.incrementAndGet() + ".socket");
        List<String> args = new ArrayList<>(options);
        boolean configure = args.remove(CONFIG_NET);
        args.removeAll(PASST_DEFAULTS);
        args.addAll(List.of("--socket", socket.toString(), "-1"));
        topology.runAsUser(PastaTestBase.TIMEOUT, null, command(daemon, args)).assertSuccess();
        try (PasstGuestBridge guest = PasstGuestBridge.attach(topology, socket)) {
            if (configure) {
                guest.configureLikeHost();
            }
            return guest.run(PastaTestBase.TIMEOUT, stdin, script);
        }
    }
}

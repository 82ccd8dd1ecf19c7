package io.jpasst.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real-kernel guest for passt without qemu: a network namespace of its own whose tap
 * device is wired to passt's UNIX socket by a small relay (passt-tap-bridge.py: the stream's
 * 4-byte big-endian length-prefixed frames to and from the tap). Real clients and servers
 * (socat, ping) then run in that namespace as in a guest, fast, where the qemu suite needs a
 * TCG boot.
 *
 * <p>The guest is configured as passt's DHCP would configure it: the host's addresses
 * ({@link Topology#HOST_V4}, {@link Topology#HOST_V6}) on {@code tap0}, default routes via the
 * host's gateways; it then pings the gateway once, so passt has seen its MAC and addresses
 * before a test forwards anything to it. Reusable by any test with a passt socket:
 * {@code try (PasstGuestBridge guest = PasstGuestBridge.attach(topology, socket)) { ... }}.
 */
final class PasstGuestBridge implements AutoCloseable {
    static final String TAP = "tap0";
    private static final Duration SETUP = Duration.ofSeconds(20);

    private final String netns;
    private final Path work;
    private final Proc.Running relay;

    private PasstGuestBridge(String netns, Path work, Proc.Running relay) {
        this.netns = netns;
        this.work = work;
        this.relay = relay;
    }

    /** Creates the guest namespace, connects it to passt at {@code socket} and configures it. */
    static PasstGuestBridge attach(Topology topology, Path socket) {
        String netns = "jpit-g-" + topology.hostNamespace().substring("jpit-h-".length());
        Path work = topology.work();
        root(work, "ip", "netns", "add", netns);
        root(work, "ip", "netns", "exec", netns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0",
                "net.ipv6.conf.default.accept_dad=0", "net.ipv4.ping_group_range=0 2147483647");
        root(work, "ip", "-n", netns, "link", "set", "lo", "up");
        Proc.Running relay = Proc.start(null, work, List.of("ip", "netns", "exec", netns, "python3",
                topology.script("passt-tap-bridge.py").toString(), socket.toString(), TAP));
        PasstGuestBridge g = new PasstGuestBridge(netns, work, relay);
        try {
            if (!Poll.until(() -> Proc.run(SETUP, null, work, List.of("ip", "-n", netns, "link", "show", TAP)).exitCode() == 0,
                    Duration.ofSeconds(10))) {
                throw new IllegalStateException("the bridge made no tap: " + relay);
            }
            root(work, "ip", "-n", netns, "link", "set", TAP, "up");
            root(work, "ip", "-n", netns, "addr", "add", Topology.HOST_V4 + "/" + Topology.PREFIX_V4, "dev", TAP);
            root(work, "ip", "-n", netns, "addr", "add", Topology.HOST_V6 + "/64", "dev", TAP, "nodad");
            root(work, "ip", "-n", netns, "-4", "route", "replace", "default", "via", Topology.GATEWAY_V4);
            root(work, "ip", "-n", netns, "-6", "route", "replace", "default", "via", Topology.GATEWAY_V6);
            g.run("ping", "-c", "1", "-W", "5", Topology.GATEWAY_V4).assertSuccess();
            return g;
        } catch (RuntimeException | Error e) { // assertSuccess throws AssertionError
            g.close();
            throw e;
        }
    }

    String netns() {
        return netns;
    }

    /** argv in the guest, as root (it is the guest's own root). */
    List<String> inGuest(List<String> argv) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        full.addAll(argv);
        return full;
    }

    Proc.Result run(String... argv) {
        return Proc.run(SETUP, null, work, inGuest(List.of(argv)));
    }

    Proc.Running start(String... argv) {
        return Proc.start(null, work, inGuest(List.of(argv)));
    }

    private static void root(Path work, String... argv) {
        Proc.run(SETUP, null, work, List.of(argv)).assertSuccess();
    }

    /** Stops the relay (passt sees its guest leave) and removes the namespace. */
    @Override
    public void close() {
        relay.close();
        Proc.run(SETUP, null, work, List.of("ip", "netns", "del", netns));
    }
}

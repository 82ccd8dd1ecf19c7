package io.jpasst.it;

import static io.jpasst.it.Topology.GATEWAY_V4;
import static io.jpasst.it.Topology.GATEWAY_V6;
import static io.jpasst.it.Topology.HOST_IF;
import static io.jpasst.it.Topology.HOST_V4;
import static io.jpasst.it.Topology.HOST_V6;
import static io.jpasst.it.Topology.PREFIX_V4;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A guest for passt without a VM: a network namespace of its own whose tap device is relayed,
 * frame for frame, to passt's UNIX socket (passt-guest-bridge.py: 4-byte big-endian length,
 * then the frame, as qemu's stream netdev talks). Real clients (udhcpc, dhclient, ping, socat)
 * run in that namespace as root, as they would in the VM, so the tests written for pasta's
 * namespace can run against passt unchanged.
 *
 * <pre>
 *   guest netns: tap HOST_IF ⇄ bridge ⇄ passt.socket ⇄ passt (host netns, test user)
 * </pre>
 *
 * The tap comes up down, as pasta's interface does without {@code --config-net};
 * {@link #configureLikeHost()} does what {@code pasta --config-net} does. {@link #close()}
 * kills the bridge by PID and removes the namespace; passt started with {@code -1} then quits.
 */
final class PasstGuestBridge implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(20);
    /** What passt advertises by default, and what pasta --config-net sets. */
    static final int MTU = 65520;

    private final Topology topology;
    private final String namespace;
    private Proc.Running relay;

    private PasstGuestBridge(Topology topology) {
        this.topology = topology;
        this.namespace = "jpit-g-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    }

    /**
     * Creates the guest namespace and connects its tap device (named {@code ifName}) to the
     * passt listening on {@code socket}; returns once frames flow.
     */
    static PasstGuestBridge attach(Topology topology, Path socket, String ifName) {
        PasstGuestBridge guest = new PasstGuestBridge(topology);
        try {
            guest.start(socket, ifName);
            return guest;
        } catch (RuntimeException | Error e) {
            guest.close();
            throw e;
        }
    }

    /** A guest on the topology's usual interface name, the one pasta gives its namespace. */
    static PasstGuestBridge attach(Topology topology, Path socket) {
        return attach(topology, socket, HOST_IF);
    }

    private void start(Path socket, String ifName) {
        root("ip", "netns", "add", namespace);
        root("ip", "-n", namespace, "link", "set", "lo", "up");
        // addresses usable at once, as in the topology's namespaces: no sleeps for DAD
        root("ip", "netns", "exec", namespace, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0",
                "net.ipv6.conf.default.accept_dad=0");
        relay = Proc.start(null, topology.work(), inGuest(List.of("python3",
                topology.script("passt-guest-bridge.py").toString(), socket.toString(), ifName)));
        boolean up = Poll.until(() -> !relay.isAlive() || Proc.run(SETUP_TIMEOUT, null, topology.work(),
                List.of("ip", "-n", namespace, "link", "show", ifName)).exitCode() == 0, SETUP_TIMEOUT);
        if (!up || !relay.isAlive()) {
            throw new AssertionError("guest bridge did not start: " + relay.await(SETUP_TIMEOUT));
        }
    }

    /**
     * What {@code pasta --config-net} does in its namespace: the host's addresses and routes
     * (replaced, not added: passt's router advertisement may have set the IPv6 one already).
     */
    PasstGuestBridge configureLikeHost() {
        root("ip", "-n", namespace, "link", "set", HOST_IF, "mtu", Integer.toString(MTU), "up");
        root("ip", "-n", namespace, "addr", "add", HOST_V4 + "/" + PREFIX_V4, "dev", HOST_IF);
        root("ip", "-n", namespace, "addr", "add", HOST_V6 + "/64", "dev", HOST_IF, "nodad");
        root("ip", "-n", namespace, "-4", "route", "replace", "default", "via", GATEWAY_V4, "dev", HOST_IF);
        root("ip", "-n", namespace, "-6", "route", "replace", "default", "via", GATEWAY_V6, "dev", HOST_IF);
        return this;
    }

    String namespace() {
        return namespace;
    }

    /** argv run in the guest namespace, as the guest's root. */
    List<String> inGuest(List<String> argv) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(argv);
        return full;
    }

    /** {@code sh -c script} in the guest, stdin fed from {@code stdin} (null: none). */
    Proc.Result run(Duration timeout, String stdin, String script) {
        return Proc.run(timeout, stdin, topology.work(), inGuest(List.of("sh", "-c", script)));
    }

    private void root(String... argv) {
        Proc.run(SETUP_TIMEOUT, null, topology.work(), List.of(argv)).assertSuccess();
    }

    /** Kills the bridge by PID and removes the namespace; never fails the test itself. */
    @Override
    public void close() {
        if (relay != null) {
            relay.close();
        }
        Proc.run(SETUP_TIMEOUT, null, Path.of("/"), List.of("ip", "netns", "del", namespace));
    }
}

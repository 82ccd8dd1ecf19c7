package io.jpasst.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A private two-namespace network that pasta believes is the real world, so no packet
 * leaves the machine and the machine's own interfaces are never touched:
 *
 * <pre>
 *   "host" netns                              "internet" netns
 *   jpup0 192.0.2.2/24, 2001:db8:1::2/64 ==== veth 192.0.2.1/24, 2001:db8:1::1/64 (gateway)
 *   default routes via the internet side       lo 203.0.113.10/32, 2001:db8:2::10/128 (servers)
 *   /etc/netns/HOST/resolv.conf: nameserver 203.0.113.53, search it.jpasst.test
 * </pre>
 *
 * pasta runs in the host netns as the unprivileged user; its namespace should then mirror
 * the host side. Names carry the JVM's PID and a counter, so leftovers of a crashed run
 * never collide with a new one.
 */
final class Topology implements AutoCloseable {
    /** The host's uplink: pasta names the namespace interface after it by default. */
    static final String HOST_IF = "jpup0";
    static final String HOST_V4 = "192.0.2.2";
    static final int PREFIX_V4 = 24;
    static final String NETMASK_V4 = "255.255.255.0";
    static final String GATEWAY_V4 = "192.0.2.1";
    static final String HOST_V6 = "2001:db8:1::2";
    static final String PREFIX_V6 = "2001:db8:1:";
    static final String GATEWAY_V6 = "2001:db8:1::1";
    static final String REMOTE_V4 = "203.0.113.10";
    static final String REMOTE_V6 = "2001:db8:2::10";
    static final String RESOLVER = "203.0.113.53";
    static final String SEARCH = "it.jpasst.test";

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(20);
    /** The user's commands run with a plain PATH: root's may point into /root. */
    private static final String USER_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final String host;
    private final String internet;
    private final Path work;
    private final List<String> created = new ArrayList<>();

    private Topology(String tag) throws IOException {
        host = "jpit-h-" + tag;
        internet = "jpit-n-" + tag;
        work = Files.createTempDirectory("jpasst-it-" + tag + "-");
        // pasta and the clients run as the test user and write pid files, leases, scripts here
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    /** Builds the topology; on any failure, removes what was already built. */
    static Topology create() {
        Preflight.require();
        Topology t;
        try {
            t = new Topology(ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            t.build();
            return t;
        } catch (RuntimeException | Error e) {
            t.close();
            throw e;
        }
    }

    private void build() {
        for (String ns : List.of(host, internet)) {
            root("ip", "netns", "add", ns);
            created.add(ns);
            root("ip", "-n", ns, "link", "set", "lo", "up");
            // no duplicate address detection: addresses are usable at once, no sleeps needed
            root("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0",
                    "net.ipv6.conf.default.accept_dad=0");
        }
        // unprivileged ICMP echo sockets, which pasta uses for ping
        root("ip", "netns", "exec", host, "sysctl", "-qw", "net.ipv4.ping_group_range=0 2147483647");
        root("ip", "-n", host, "link", "add", HOST_IF, "type", "veth", "peer", "name", "veth0",
                "netns", internet);
        address(host, HOST_IF, HOST_V4 + "/" + PREFIX_V4, HOST_V6 + "/64");
        address(internet, "veth0", GATEWAY_V4 + "/" + PREFIX_V4, GATEWAY_V6 + "/64");
        address(internet, "lo", REMOTE_V4 + "/32", REMOTE_V6 + "/128");
        root("ip", "-n", host, "link", "set", HOST_IF, "up");
        root("ip", "-n", internet, "link", "set", "veth0", "up");
        root("ip", "-n", host, "-4", "route", "add", "default", "via", GATEWAY_V4);
        root("ip", "-n", host, "-6", "route", "add", "default", "via", GATEWAY_V6);
        nameserver(RESOLVER);
    }

    /** Makes the host's resolv.conf name this resolver (and the test search domain). */
    void nameserver(String address) {
        try {
            Path dir = resolvConfDir();
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("resolv.conf"), "nameserver " + address + "\nsearch " + SEARCH + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The far host's addresses: two hops from the host, behind the internet netns as router. */
    static final String FAR_V4 = "198.51.100.2";
    static final String FAR_V6 = "2001:db8:3::2";

    /**
     * Adds a third netns, "far", linked to the internet netns (198.51.100.0/24,
     * 2001:db8:3::/64), and makes the internet netns route between its links: a remote two
     * hops from the host, with a router on the way that sends time-exceeded errors (no ICMP
     * rate limit there, so every probe gets its answer).
     */
    void addFarHost() {
        String far = "jpit-f-" + host.substring("jpit-h-".length());
        root("ip", "netns", "add", far);
        created.add(far);
        root("ip", "-n", far, "link", "set", "lo", "up");
        for (String ns : List.of(far, internet)) {
            root("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0",
                    "net.ipv6.conf.default.accept_dad=0", "net.ipv4.icmp_ratelimit=0", "net.ipv6.icmp.ratelimit=0");
        }
        root("ip", "netns", "exec", internet, "sysctl", "-qw", "net.ipv4.ip_forward=1",
                "net.ipv6.conf.all.forwarding=1");
        root("ip", "-n", internet, "link", "add", "veth1", "type", "veth", "peer", "name", "veth0", "netns", far);
        address(internet, "veth1", "198.51.100.1/24", "2001:db8:3::1/64");
        address(far, "veth0", FAR_V4 + "/24", FAR_V6 + "/64");
        root("ip", "-n", internet, "link", "set", "veth1", "up");
        root("ip", "-n", far, "link", "set", "veth0", "up");
        root("ip", "-n", far, "-4", "route", "add", "default", "via", "198.51.100.1");
        root("ip", "-n", far, "-6", "route", "add", "default", "via", "2001:db8:3::1");
    }

    private void address(String ns, String dev, String v4, String v6) {
        root("ip", "-n", ns, "addr", "add", v4, "dev", dev);
        root("ip", "-n", ns, "addr", "add", v6, "dev", dev, "nodad");
    }

    /** `ip netns exec` bind-mounts this directory's resolv.conf over /etc/resolv.conf. */
    private Path resolvConfDir() {
        return Path.of("/etc/netns", host);
    }

    private void root(String... argv) {
        Proc.run(SETUP_TIMEOUT, null, work, List.of(argv)).assertSuccess();
    }

    Path work() {
        return work;
    }

    String hostNamespace() {
        return host;
    }

    String internetNamespace() {
        return internet;
    }

    /** argv run in the host netns as the unprivileged test user. */
    List<String> asUserInHost(List<String> argv) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", host,
                "runuser", "-u", Preflight.USER, "--", "env", USER_PATH));
        full.addAll(argv);
        return full;
    }

    /** argv run in the internet netns as root (servers, captures). */
    List<String> inInternet(List<String> argv) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", internet));
        full.addAll(argv);
        return full;
    }

    Proc.Result runAsUser(Duration timeout, String stdin, List<String> argv) {
        return Proc.run(timeout, stdin, work, asUserInHost(argv));
    }

    Proc.Running startAsUser(List<String> argv) {
        return Proc.start(null, work, asUserInHost(argv));
    }

    /** The python module of frame helpers that scripts in this package share. */
    private static final String SHARED_PYTHON = "rawframes";

    /**
     * The test resource of that name (a script in this package), copied once into the work
     * directory; with the shared python module next to it if it imports that.
     */
    Path script(String name) {
        Path file = work.resolve(name);
        if (!Files.exists(file)) {
            try (InputStream in = Topology.class.getResourceAsStream(name)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (text.contains("from " + SHARED_PYTHON + " import") || text.contains("import " + SHARED_PYTHON)) {
                    script(SHARED_PYTHON + ".py");
                }
                writeExecutable(name, text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    /** Writes an executable file into the work directory, readable by the test user. */
    Path writeExecutable(String name, String content) {
        try {
            Path file = work.resolve(name);
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes namespaces, resolv.conf and the work directory; never fails the test itself. */
    @Override
    public void close() {
        for (String ns : created) {
            Proc.run(SETUP_TIMEOUT, null, Path.of("/"), List.of("ip", "netns", "del", ns));
        }
        deleteTree(resolvConfDir());
        deleteTree(work);
    }

    /** Best effort: a unique name per run keeps leftovers harmless. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a unique name per run keeps leftovers harmless
        }
    }
}

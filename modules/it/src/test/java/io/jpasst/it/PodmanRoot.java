package io.jpasst.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Real rootless podman 5 for the tests: a Debian 13 root file system made by
 * {@code scripts/podman-root} (outside the repository, {@code -Djpasst.podman.root}), entered
 * with {@code scripts/podman-enter} inside the topology's host netns, podman run there as the
 * root's unprivileged user {@code tester}. The JDK and this checkout are bind-mounted at their
 * own paths, so a helper directory of {@code bin/} makes podman start our pasta.
 *
 * <p>Podman's state (storage, runtime directory) lives in the root and is wiped when this
 * opens; its pause process and whatever else podman left in the host netns are killed by PID
 * when it closes.
 */
final class PodmanRoot implements AutoCloseable {
    static final String USER = "tester";
    static final int UID = 5000;
    static final Path DEFAULT_DIR = Path.of("/var/cache/jpasst/podman-root");
    /** Paths inside the root. */
    private static final String RUNTIME_DIR = "/tmp/xdg-tester";
    private static final String HOME = "/home/tester";
    private static final String STORAGE = HOME + "/.local/share/containers";
    private static final List<String> PODMAN = List.of("podman", "--storage-driver", "vfs",
            "--cgroup-manager", "cgroupfs", "--events-backend", "file");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LOCK_WAIT = Duration.ofMinutes(5);

    private final Topology topology;
    private final Path dir;
    private final Path checkout;
    private final Path jdk;
    private final FileLock lock;
    /** False: podman looks for pasta where it does by default, and the root sees no JDK, no checkout. */
    private final boolean checkoutHelper;

    PodmanRoot(Topology topology) {
        this(topology, dir(), true);
    }

    /**
     * The root at dir; checkoutHelper false for a root with our pasta installed in it: podman
     * then searches its own default helper directories (pass a null helperDir below), and
     * neither the JDK nor this checkout is mounted inside.
     */
    PodmanRoot(Topology topology, Path dir, boolean checkoutHelper) {
        this.topology = topology;
        this.dir = dir;
        this.checkoutHelper = checkoutHelper;
        this.checkout = Path.of(System.getProperty("jpasst.root", ".")).toAbsolutePath().normalize();
        this.jdk = Path.of(System.getProperty("java.home"));
        this.lock = lockRoot(dir);
        reset();
    }

    /**
     * One test JVM at a time per root: opening wipes tester's podman state, which would pull
     * the ground from under another run (e.g. two checkouts tested at once on one machine).
     */
    private static FileLock lockRoot(Path dir) {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        try {
            FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
                if (System.nanoTime() > deadline) {
                    channel.close();
                    throw new AssertionError("another test run kept the podman root " + dir + " for "
                            + LOCK_WAIT.toMinutes() + " min");
                }
                Thread.sleep(500);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Path dir() {
        String chosen = System.getProperty("jpasst.podman.root");
        return chosen == null || chosen.isBlank() ? DEFAULT_DIR : Path.of(chosen);
    }

    /** Fails (or, with -Djpasst.it.skip=true, skips) when the root was never made. */
    static void require() {
        Preflight.require();
        if (Files.exists(dir().resolve(".ready"))) {
            return;
        }
        String message = "no podman root at " + dir() + ": run `sudo scripts/run-tests` (it builds one with"
                + " scripts/podman-root), or pass -Djpasst.it.skip=true";
        Assumptions.assumeFalse(Boolean.getBoolean("jpasst.it.skip"), message);
        throw new AssertionError(message);
    }

    /** This checkout's bin/: as CONTAINERS_HELPER_BINARY_DIR, podman runs our pasta. */
    Path ourHelperDir() {
        return checkout.resolve("bin");
    }

    /** The root's own Debian 13 C pasta, for comparison. */
    static Path cHelperDir() {
        return Path.of("/usr/bin");
    }

    /** A path inside the root, seen from outside. */
    Path outside(String inside) {
        return dir.resolve(inside.substring(1));
    }

    /** argv running {@code podman OPTIONS args} as tester in the root, in the host netns. */
    List<String> podman(Path helperDir, String... args) {
        List<String> argv = new ArrayList<>(PODMAN);
        argv.addAll(List.of(args));
        return asTester(helperDir, argv);
    }

    Proc.Result run(Path helperDir, String... args) {
        return Proc.run(TIMEOUT, null, topology.work(), podman(helperDir, args));
    }

    /**
     * argv running argv as tester in the root, in the host netns, with only the environment
     * rootless podman needs; helperDir is where podman looks for pasta (null: its default
     * search).
     */
    List<String> asTester(Path helperDir, List<String> argv) {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + topology.hostNamespace(),
                checkout.resolve("scripts/podman-enter").toString()));
        if (checkoutHelper) {
            full.addAll(List.of("-b", jdk.toString(), "-b", checkout.toString()));
        }
        full.addAll(List.of(dir.toString(), "setpriv", "--reuid=" + USER, "--regid=" + USER, "--init-groups",
                "env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "XDG_RUNTIME_DIR=" + RUNTIME_DIR, "HOME=" + HOME,
                "PODMAN_IGNORE_CGROUPSV1_WARNING=1"));
        if (checkoutHelper) {
            full.addAll(List.of("JAVA_HOME=" + jdk, "CONTAINERS_HELPER_BINARY_DIR=" + helperDir));
        } else if (helperDir != null) {
            full.add("CONTAINERS_HELPER_BINARY_DIR=" + helperDir);
        }
        full.addAll(argv);
        return full;
    }

    /** The helper directory podman is told of when nothing else is asked for: ours, or none. */
    private Path defaultHelperDir() {
        return checkoutHelper ? ourHelperDir() : null;
    }

    /** The podman options, for scripts that call podman themselves. */
    static String podmanCommand() {
        return String.join(" ", PODMAN);
    }

    /**
     * Imports, as image name, a busybox-static root file system built from the root's own
     * /bin/busybox and its applet links, plus /index.html holding page (what httpd serves).
     */
    void importBusyboxImage(String name, String page) {
        Path tree = outside("/tmp/jpasst-image");
        Path tar = outside("/tmp/jpasst-image.tar");
        Topology.deleteTree(tree);
        try {
            Files.createDirectories(tree.resolve("bin"));
            Files.copy(outside("/bin/busybox"), tree.resolve("bin/busybox"));
            String applets = Proc.run(TIMEOUT, null, topology.work(),
                    List.of(outside("/bin/busybox").toString(), "--list")).assertSuccess().stdout();
            for (String applet : applets.split("\n")) {
                if (!applet.isBlank() && !applet.equals("busybox")) {
                    Files.createSymbolicLink(tree.resolve("bin").resolve(applet), Path.of("busybox"));
                }
            }
            Files.writeString(tree.resolve("index.html"), page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Proc.run(TIMEOUT, null, topology.work(), List.of("tar", "-C", tree.toString(), "-cf", tar.toString(),
                ".")).assertSuccess();
        tar.toFile().setReadable(true, false);
        run(defaultHelperDir(), "import", "/tmp/jpasst-image.tar", name).assertSuccess();
        Topology.deleteTree(tree);
    }

    /** Live processes of ours in the host netns: the pasta launcher and JVM name this checkout. */
    List<ProcessHandle> ourPastas() {
        return processesNaming(ourHelperDir().resolve("pasta").toString(), checkout.resolve("target/lib").toString());
    }

    /** Live processes of tester's in the host netns whose command line holds one of parts. */
    List<ProcessHandle> processesNaming(String... parts) {
        return inHostNamespace(UID).filter(p -> {
            String cmdline = HostProcesses.cmdline(p);
            return Stream.of(parts).anyMatch(cmdline::contains);
        }).toList();
    }

    /** Live processes of uid in the topology's host netns (zombies are not counted). */
    Stream<ProcessHandle> inHostNamespace(int uid) {
        return HostProcesses.inNamespace(Path.of("/run/netns", topology.hostNamespace()), uid);
    }

    private void reset() {
        killPause();
        Proc.run(TIMEOUT, null, topology.work(), List.of("rm", "-rf", outside(RUNTIME_DIR).toString(),
                outside(STORAGE).toString())).assertSuccess();
        try {
            Path runtime = Files.createDirectories(outside(RUNTIME_DIR));
            Proc.run(TIMEOUT, null, topology.work(), List.of("chown", UID + ":" + UID, runtime.toString()))
                    .assertSuccess();
            Proc.run(TIMEOUT, null, topology.work(), List.of("chmod", "0700", runtime.toString())).assertSuccess();
            // what pasta reads as the host's resolver: the one the topology serves
            Files.writeString(outside("/etc/resolv.conf"), "nameserver " + Topology.RESOLVER + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rootless podman's pause process, which holds the user namespace later commands join;
     * found by its own PID file.
     */
    Optional<ProcessHandle> pause() {
        try {
            long pid = Long.parseLong(Files.readString(outside(RUNTIME_DIR + "/libpod/tmp/pause.pid")).strip());
            return ProcessHandle.of(pid).filter(p -> HostProcesses.uid(p) == UID
                    && HostProcesses.comm(p).startsWith("podman"));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Its namespaces were made under an earlier environment: it goes at both ends of the class. */
    private void killPause() {
        pause().ifPresent(HostProcesses::kill);
    }

    /** Removes every container, then kills the pause process and anything of tester's left in the host netns. */
    @Override
    public void close() {
        Proc.run(TIMEOUT, null, topology.work(), podman(defaultHelperDir(), "rm", "-a", "-f", "-t", "0"));
        killPause();
        inHostNamespace(UID).forEach(HostProcesses::kill);
        try {
            lock.channel().close();
        } catch (IOException e) {
            // closing a lock file cannot lose anything
        }
    }
}

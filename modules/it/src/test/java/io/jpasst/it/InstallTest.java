package io.jpasst.it;

import static io.jpasst.it.Topology.HOST_V4;
import static io.jpasst.it.Topology.REMOTE_V4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The self-contained image (issue #18) installed by {@code scripts/install} into the Debian 13
 * podman root (see {@link PodmanRoot}), which has no JDK, and nothing of this machine's JDK or
 * checkout mounted in: podman finds our pasta by its default helper search
 * (/usr/local/libexec/podman), without CONTAINERS_HELPER_BINARY_DIR, and runs containers with
 * it; man-db finds the pages; {@code scripts/uninstall} then leaves the root as it was.
 *
 * <p>The shared root is never written: the test works on a private overlay of it (its changes
 * land in a throw-away upper directory), so concurrent PodmanTest runs see nothing of this.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallTest {
    private static final String IMAGE = "localhost/jpasst-busybox";
    private static final String PAGE = "served from a container of the installed pasta\n";
    private static final int INTERNET_PORT = 8000;
    private static final String INSTALLED = "/usr/local/lib/jpasst";
    private static final String STAGING = "/tmp/jpasst-install";
    /** Where podman and its containers keep state, and what podman-enter mounts: not the install's. */
    private static final List<String> NOT_COMPARED = List.of("proc", "sys", "dev", "run", "tmp", "var/tmp",
            "home/tester", ".lock", ".oldroot");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static Topology topology;
    private static Proc.Running server;
    private static Path overlay;
    private static Path root;
    private static PodmanRoot podman;
    private static List<String> before;
    private static String fileSha256;

    @BeforeAll
    static void setUp() throws IOException {
        PodmanRoot.require();
        JpasstOnly.assume();
        Path tarball = tarball();
        topology = Topology.create();
        Path internetDir = Files.createDirectories(topology.work().resolve("internet"));
        byte[] file = new byte[2 * 1024 * 1024 + 5];
        new Random(18).nextBytes(file);
        Files.write(internetDir.resolve("file"), file);
        fileSha256 = Proc.run(TIMEOUT, null, topology.work(), List.of("sha256sum", internetDir.resolve("file")
                .toString())).assertSuccess().stdout().split("\\s+")[0];
        server = Proc.start(null, topology.work(), topology.inInternet(List.of("python3", "-m", "http.server",
                "--bind", REMOTE_V4, "--directory", internetDir.toString(), Integer.toString(INTERNET_PORT))));

        overlay = Files.createTempDirectory("jpasst-install-");
        root = overlay.resolve("root");
        for (String dir : List.of("upper", "work", "root")) {
            Files.createDirectories(overlay.resolve(dir));
        }
        Proc.run(TIMEOUT, null, topology.work(), List.of("mount", "-t", "overlay", "overlay", "-o", "lowerdir="
                + PodmanRoot.dir() + ",upperdir=" + overlay.resolve("upper") + ",workdir=" + overlay.resolve("work"),
                root.toString())).assertSuccess();
        before = listing();
        // (other tests' bind mounts leave empty directories named after the JDK: no java there)
        assertEquals(List.of(), before.stream().filter(p -> p.endsWith("bin/java")).toList(), "a java in the root");
        assertTrue(before.contains("usr/bin/pasta"), "the root's own C pasta, which ours must win over");

        Path staging = Files.createDirectories(root.resolve(STAGING.substring(1)));
        Path checkout = Path.of(System.getProperty("jpasst.root", ".")).toAbsolutePath();
        for (Path part : List.of(checkout.resolve("scripts/install"), checkout.resolve("scripts/uninstall"),
                tarball)) {
            Files.copy(part, staging.resolve(part.getFileName()));
        }
        String installed = inRoot(STAGING + "/install", STAGING + "/" + tarball.getFileName()).stdout();
        assertTrue(installed.contains("installed under /usr/local"), installed);

        podman = new PodmanRoot(topology, root, false);
        podman.importBusyboxImage(IMAGE, PAGE);
    }

    @AfterAll
    static void tearDown() {
        if (podman != null) {
            podman.close();
        }
        if (root != null) {
            Proc.run(TIMEOUT, null, Path.of("/"), List.of("umount", "-l", root.toString()));
            Proc.run(TIMEOUT, null, Path.of("/"), List.of("rm", "-rf", "--one-file-system", overlay.toString()));
        }
        if (server != null) {
            server.close();
        }
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    @Order(1)
    void podmanFindsTheInstalledPastaByItsDefaultSearch() {
        Proc.Result r = podman.run(null, "info", "--format", "{{.Host.Pasta.Executable}} {{.Host.Pasta.Version}}")
                .assertSuccess();
        assertTrue(r.stdout().startsWith("/usr/local/libexec/podman/pasta pasta (jpasst)"), r::toString);
        String java = inRoot("sh", "-c", "command -v java || echo none").stdout().strip();
        assertEquals("none", java, "a java in the root");
    }

    @Test
    @Order(2)
    void downloadThroughTheInstalledPasta() {
        Proc.Result r = podman.run(null, "run", "--rm", "--cgroups=disabled", "--net=pasta", IMAGE, "sh", "-c",
                "wget -q -O- http://" + REMOTE_V4 + ":" + INTERNET_PORT + "/file | sha256sum").assertSuccess();
        assertEquals(fileSha256, r.stdout().strip().split("\\s+")[0], r::toString);
    }

    @Test
    @Order(3)
    void forwardedPortServesAndPastaIsGoneAfterRm() {
        String id = podman.run(null, "run", "-d", "--cgroups=disabled", "--net=pasta", "-p", "8080:80", IMAGE,
                "httpd", "-f", "-p", "80").assertSuccess().stdout().strip();
        try {
            assertFalse(installedPastas().isEmpty(), "no pasta of " + INSTALLED + " while the container runs");
            for (List<String> wget : List.of(
                    inHost(List.of("busybox", "wget", "-q", "-O-", "http://127.0.0.1:8080/")),
                    topology.inInternet(List.of("busybox", "wget", "-q", "-O-", "http://" + HOST_V4 + ":8080/")))) {
                Proc.Result[] last = new Proc.Result[1];
                Poll.until(() -> (last[0] = Proc.run(TIMEOUT, null, topology.work(), wget)).exitCode() == 0,
                        Duration.ofSeconds(10));
                assertEquals(PAGE, last[0].stdout(), last[0]::toString);
            }
        } finally {
            podman.run(null, "rm", "-f", "-t", "0", id).assertSuccess();
        }
        Poll.until(() -> installedPastas().isEmpty(), Duration.ofSeconds(5));
        assertEquals(List.of(), installedPastas().stream().map(HostProcesses::cmdline).toList(),
                "pasta left 5 s after rm -f");
    }

    /**
     * The root has no man-db (a minbase system, no network to fetch it from in a test): this
     * machine's man-db, with its default configuration, looks at the root's /usr/local mounted
     * in its place and /usr/local/bin first on PATH, as a user's shell has it. It must pick
     * our pages over the Debian passt package's in /usr/share/man.
     */
    @Test
    @Order(4)
    void manFindsTheInstalledPages() {
        String man = "env -i PATH=/usr/local/bin:/usr/bin:/bin MANPAGER=cat MANWIDTH=100 LANG=C.UTF-8 man";
        Proc.Result r = Proc.run(TIMEOUT, null, topology.work(), List.of("unshare", "--mount", "--propagation",
                "private", "sh", "-ec", "mount --bind \"$1\" /usr/local; " + man + " -w pasta passt; " + man
                        + " pasta", "sh", root.resolve("usr/local").toString())).assertSuccess();
        // Debian's /usr/local/man is a link to share/man, which man-db may name instead
        List<String> lines = r.stdout().lines().limit(2).map(l -> l.replace("/usr/local/man/", "/usr/local/share/man/"))
                .toList();
        assertEquals(List.of("/usr/local/share/man/man1/pasta.1", "/usr/local/share/man/man1/passt.1"), lines,
                r::toString);
        assertTrue(r.stdout().contains("(jpasst)"), r::toString);
    }

    @Test
    @Order(5)
    void uninstallLeavesTheRootAsItWas() {
        String out = inRoot(STAGING + "/uninstall").stdout();
        assertTrue(out.contains("removed from /usr/local"), out);
        assertFalse(Files.exists(root.resolve(INSTALLED.substring(1))));
        assertEquals(before, listing());
    }

    private static List<ProcessHandle> installedPastas() {
        return podman.processesNaming(INSTALLED, "/usr/local/libexec/podman/pasta", "/usr/local/bin/pasta");
    }

    /**
     * Every path of the root (relative), but where podman, its containers and podman-enter
     * write: those are not walked at all (the shared root below changes there while we look).
     */
    private static List<String> listing() {
        List<String> paths = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = root.relativize(dir).toString();
                    if (NOT_COMPARED.contains(name)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    paths.add(name);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = root.relativize(file).toString();
                    if (!NOT_COMPARED.contains(name)) {
                        paths.add(name);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return paths.stream().sorted().toList();
    }

    /** argv as root with the root as / (for install and uninstall: no JDK, no checkout inside). */
    private static Proc.Result inRoot(String... argv) {
        List<String> full = new ArrayList<>(List.of(
                Path.of(System.getProperty("jpasst.root", "."), "scripts/podman-enter").toString(), root.toString(),
                "env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        full.addAll(List.of(argv));
        return Proc.run(TIMEOUT, null, topology.work(), full).assertSuccess();
    }

    private static List<String> inHost(List<String> argv) {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + topology.hostNamespace()));
        full.addAll(argv);
        return full;
    }

    /** The newest image `mvn package` built (modules/image). */
    private static Path tarball() throws IOException {
        Path target = Path.of(System.getProperty("jpasst.root", "."), "target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("jpasst-.*-linux-.*\\.tar\\.gz"))
                    .max(Comparator.comparing(f -> f.toFile().lastModified()))
                    .orElseThrow(() -> new AssertionError("no image in " + target + ": run mvn -DskipTests package"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new AssertionError("no " + target + ": run mvn -DskipTests package");
        }
    }
}

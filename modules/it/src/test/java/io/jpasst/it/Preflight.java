package io.jpasst.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * Checks, once per JVM, that this machine can run the integration tests: root, the client
 * tools, the unprivileged user pasta runs as, a usable /dev/net/tun. Anything missing fails
 * the tests with a message saying what to do; a green run must never hide an untested
 * feature. {@code -Djpasst.it.skip=true} turns that failure into a skip, for machines that
 * can only run the unit tests.
 */
final class Preflight {
    /** The unprivileged user that runs pasta (pasta refuses uid 0 in the initial user namespace). */
    static final String USER = "jpasst";

    private static final List<String> TOOLS = List.of("ip", "runuser", "nsenter", "unshare", "setsid",
            "sysctl", "busybox", "dhclient", "ping", "jq", "python3", "sh", "mount", "umount");

    private static String problem;
    private static boolean checked;

    private Preflight() {
    }

    static synchronized void require() {
        if (!checked) {
            problem = findProblem();
            checked = true;
        }
        if (problem == null) {
            return;
        }
        String message = problem + "\n  Run the suite with `sudo scripts/run-tests`, which installs and"
                + " prepares everything, or pass -Djpasst.it.skip=true to skip the integration tests.";
        if (Boolean.getBoolean("jpasst.it.skip")) {
            Assumptions.abort(message);
        }
        throw new AssertionError(message);
    }

    private static String findProblem() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "integration tests must run as root (they create network namespaces and veth pairs)";
        }
        List<String> missing = new ArrayList<>();
        for (String tool : TOOLS) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            return "tools missing from PATH: " + String.join(", ", missing);
        }
        Path pasta = PastaUnderTest.binary();
        if (!Files.isExecutable(pasta)) {
            return "pasta under test is not executable: " + pasta
                    + " (build with `mvn -DskipTests package`, or pick one with -Djpasst.pasta=PATH)";
        }
        Path tun = Path.of("/dev/net/tun");
        if (!Files.exists(tun)) {
            return "/dev/net/tun is missing (modprobe tun)";
        }
        try {
            // Debian ships it 0600; pasta opens it as the unprivileged user.
            Files.setPosixFilePermissions(tun, PosixFilePermissions.fromString("rw-rw-rw-"));
        } catch (IOException e) {
            return "cannot chmod 0666 /dev/net/tun: " + e;
        }
        Proc.Result id = Proc.run(Duration.ofSeconds(10), null, Path.of("/"), List.of("id", "-u", USER));
        if (id.exitCode() != 0) {
            Proc.Result add = Proc.run(Duration.ofSeconds(30), null, Path.of("/"),
                    List.of("useradd", "--system", "--no-create-home", "--shell", "/bin/sh", USER));
            if (add.exitCode() != 0) {
                return "cannot create the test user " + USER + ": " + add;
            }
        }
        return null;
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        return Arrays.stream(path.split(":"))
                .filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }
}

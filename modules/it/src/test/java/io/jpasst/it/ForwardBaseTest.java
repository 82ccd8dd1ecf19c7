package io.jpasst.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;

/**
 * Shared kit of the port forwarding tests: 32 MiB of random data with its SHA-256, a pasta
 * started in the background with a script that runs in its namespace, files the script and
 * the test use to meet, and the tap's packet counters inside the namespace. Abstract: it has
 * no tests of its own.
 */
abstract class ForwardBaseTest extends PastaTestBase {
    static final int DATA_SIZE = 32 << 20;
    static Path data;
    static String dataSha;

    /**
     * Sums rx+tx packets of every interface but lo: the tap's traffic, as the namespace sees it.
     * From /proc/net/dev, which follows the reader's network namespace; /sys/class/net would
     * show the host's interfaces, since pasta's namespace keeps the host's sysfs mount.
     */
    static final String TAP_PACKETS = "$(sed 's/:/ /' /proc/net/dev | awk 'NR > 2 && $1 != \"lo\" "
            + "{s += $3 + $11} END {print s+0}')";

    @BeforeAll
    static void randomData() throws IOException {
        data = topology.work().resolve("random.bin");
        byte[] bytes = new byte[DATA_SIZE];
        new Random(20261123L).nextBytes(bytes);
        Files.write(data, bytes);
        readable(data);
        dataSha = sha256(data);
    }

    static void readable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    }

    static String sha256(Path file) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh path in the work directory the test user may create. */
    Path file(String name) {
        Path p = topology.work().resolve(name);
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Starts {@code pasta --config-net OPTIONS -- sh -c SCRIPT} in the background, as the test user. */
    Proc.Running startPasta(List<String> options, String script) {
        List<String> args = new ArrayList<>(List.of("--config-net"));
        args.addAll(options);
        args.addAll(List.of("--", "sh", "-c", script));
        return topology.startAsUser(pasta.command(args.toArray(String[]::new)));
    }

    /** Waits up to {@code seconds} for a file to appear; false if it did not. */
    static boolean awaitFile(Path file, int seconds) {
        return Poll.until(() -> Files.exists(file), Duration.ofSeconds(seconds));
    }

    static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "(missing " + file + ")";
        }
    }

    /** Runs argv in the host netns as the test user and requires success. */
    Proc.Result onHost(String... argv) {
        return topology.runAsUser(TIMEOUT, null, List.of(argv)).assertSuccess();
    }

    /** The received file is the data, byte for byte. */
    static void assertSameData(Path received, Object context) {
        assertTrue(Files.exists(received), () -> "nothing received: " + context);
        assertEquals(dataSha, sha256(received), () -> "data differs: " + context);
    }

    /**
     * The "before after" packet counts the script wrote: fewer than 100 packets crossed the
     * tap while 32 MiB moved (through the tap that would be over 500 frames of 64 KiB).
     */
    static void assertTapIdle(Path stats, Object context) {
        String[] f = read(stats).split("\\s+");
        assertEquals(2, f.length, () -> "no packet counters: " + read(stats) + "; " + context);
        long moved = Long.parseLong(f[1]) - Long.parseLong(f[0]);
        assertTrue(moved < 100, () -> moved + " packets crossed the tap: " + context);
    }
}

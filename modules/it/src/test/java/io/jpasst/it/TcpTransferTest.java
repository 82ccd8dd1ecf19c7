package io.jpasst.it;

import static io.jpasst.it.Topology.REMOTE_V4;
import static io.jpasst.it.Topology.REMOTE_V6;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Bulk TCP through pasta's tap translation, both directions, both IP versions: 32 MiB of
 * random data from the namespace to a server in the "internet" and back, checked by SHA-256.
 * The namespace side always initiates; "download" means the server sends.
 */
class TcpTransferTest extends PastaTestBase {
    private static final int SIZE = 32 << 20;

    private Path randomFile(String name) {
        byte[] data = new byte[SIZE];
        new Random(name.hashCode()).nextBytes(data);
        try {
            Path file = topology.work().resolve(name);
            Files.write(file, data);
            file.toFile().setReadable(true, false);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String listen(boolean v6, int port) {
        return v6 ? "TCP6-LISTEN:" + port + ",bind=[" + REMOTE_V6 + "],reuseaddr"
                : "TCP4-LISTEN:" + port + ",bind=" + REMOTE_V4 + ",reuseaddr";
    }

    private static String connect(boolean v6, int port) {
        return socatTcp(v6 ? REMOTE_V6 : REMOTE_V4, port);
    }

    /** Client retries while the server's socat is still starting. */
    private static String retrying(String command) {
        return "for i in $(seq 50); do " + command + " && exit 0; sleep 0.1; done; exit 1";
    }

    /**
     * The server hashes what it received and sends the digest back after the client's
     * half-close: the client (and so pasta) stays up until every byte arrived.
     */
    private void upload(boolean v6, int port) {
        Path source = randomFile("up-" + port);
        try (Proc.Running server = Proc.start(null, topology.work(), topology.inInternet(List.of(
                "socat", "-t", "30", listen(v6, port), "SYSTEM:sha256sum")))) {
            Proc.Result client = inPasta(null, List.of("--config-net"),
                    retrying("socat -t 30 - " + connect(v6, port) + " < " + source));
            client.assertSuccess();
            assertTrue(client.stdout().startsWith(sha256(source)), client::toString);
        }
    }

    private void download(boolean v6, int port) {
        Path source = randomFile("down-" + port);
        try (Proc.Running server = Proc.start(null, topology.work(), topology.inInternet(List.of(
                "socat", "-U", listen(v6, port), "OPEN:" + source)))) {
            Proc.Result client = inPasta(null, List.of("--config-net"),
                    retrying("socat -u " + connect(v6, port) + " - | sha256sum | grep -q " + sha256(source)));
            assertTrue(client.exitCode() == 0, client::toString);
        }
    }

    @Test
    @AlsoOverPasst
    void uploadIpv4() {
        upload(false, 9101);
    }

    @Test
    @AlsoOverPasst
    void uploadIpv6() {
        upload(true, 9102);
    }

    @Test
    @AlsoOverPasst
    void downloadIpv4() {
        download(false, 9103);
    }

    @Test
    @AlsoOverPasst
    void downloadIpv6() {
        download(true, 9104);
    }
}

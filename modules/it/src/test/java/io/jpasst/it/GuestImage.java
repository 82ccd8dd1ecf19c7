package io.jpasst.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * A bootable test guest from what Debian installs: the kernel of linux-image-amd64 and an
 * initramfs built here from busybox-static, that kernel's virtio-net modules, and
 * guest/init.sh, which reports on the serial console. Nothing is downloaded.
 */
final class GuestImage {
    private final Path kernel;
    private final Path initramfs;

    private GuestImage(Path kernel, Path initramfs) {
        this.kernel = kernel;
        this.initramfs = initramfs;
    }

    /**
     * Builds the initramfs into the topology's work directory, once per topology (a class):
     * every boot of that class uses the same image.
     */
    static GuestImage build(Topology topology) {
        String version = kernelVersion();
        Path out = topology.work().resolve("guest-initramfs.cpio.gz");
        if (!Files.exists(out)) {
            Path script = resource(topology, "build-initramfs.sh");
            Path init = resource(topology, "init.sh");
            Path dhcp = resource(topology, "udhcpc.script");
            Path partial = topology.work().resolve("guest-initramfs.partial");
            Proc.run(Duration.ofSeconds(60), null, topology.work(), List.of("sh", script.toString(), version,
                    init.toString(), dhcp.toString(), partial.toString())).assertSuccess();
            try {
                // only a whole image gets the name the next boot looks for
                Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new GuestImage(Path.of("/boot/vmlinuz-" + version), out);
    }

    Path kernel() {
        return kernel;
    }

    Path initramfs() {
        return initramfs;
    }

    /**
     * The running kernel's version if its image and modules are installed (a Debian host),
     * else the newest installed kernel that has both (a container or VM with another kernel).
     */
    private static String kernelVersion() {
        String running = System.getProperty("os.version");
        if (installed(running)) {
            return running;
        }
        String best = null;
        try (DirectoryStream<Path> images = Files.newDirectoryStream(Path.of("/boot"), "vmlinuz-*")) {
            for (Path image : images) {
                String v = image.getFileName().toString().substring("vmlinuz-".length());
                if (installed(v) && (best == null || v.compareTo(best) > 0)) {
                    best = v;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (best == null) {
            throw new AssertionError("no kernel with modules in /boot and /lib/modules: install "
                    + "linux-image-amd64 (scripts/run-tests does)");
        }
        return best;
    }

    private static boolean installed(String version) {
        return Files.isReadable(Path.of("/boot/vmlinuz-" + version))
                && Files.isDirectory(Path.of("/lib/modules", version, "kernel"));
    }

    private static Path resource(Topology topology, String name) {
        try (InputStream in = GuestImage.class.getResourceAsStream("guest/" + name)) {
            if (in == null) {
                throw new AssertionError("missing test resource guest/" + name);
            }
            return topology.writeExecutable("guest-" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

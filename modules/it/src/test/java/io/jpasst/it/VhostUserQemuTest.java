package io.jpasst.it;

import static io.jpasst.it.Topology.HOST_V4;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The guest suite over {@code passt --vhost-user}: qemu shares the guest's memory (a memfd
 * backend, the only kind vhost-user can map) and the frames move through the virtqueues.
 * qemu 7.2 under TCG needs {@code vectors=0} (no MSI-X) on the device.
 */
class VhostUserQemuTest extends QemuGuestSuite {
    @Override
    List<String> backendOptions() {
        return List.of("--vhost-user");
    }

    @Override
    List<String> qemuNetwork(Path socket) {
        return List.of("-object", "memory-backend-memfd,id=mem,size=256M,share=on", "-numa", "node,memdev=mem",
                "-chardev", "socket,id=c0,path=" + socket, "-netdev", "vhost-user,id=n0,chardev=c0",
                "-device", "virtio-net-pci,netdev=n0,vectors=0");
    }

    /** Without --one-off, a second qemu (a restarted guest) is served like the first. */
    @Test
    void restartedQemuReconnects() throws Exception {
        Path socket = startPasst("vmre");
        for (int boot = 1; boot <= 2; boot++) {
            String console = boot(socket, "vmre" + boot, "");
            String lease = results(console).getOrDefault("dhcp", "");
            int n = boot;
            assertTrue(lease.contains("ip=" + HOST_V4), () -> "boot " + n + " lease: " + lease + "\n" + console);
        }
    }
}

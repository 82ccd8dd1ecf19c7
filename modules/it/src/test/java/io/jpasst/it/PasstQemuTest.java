package io.jpasst.it;

import java.nio.file.Path;
import java.util.List;

/** The guest suite over qemu's stream netdev: length-prefixed frames on passt's socket. */
class PasstQemuTest extends QemuGuestSuite {
    @Override
    List<String> backendOptions() {
        return List.of();
    }

    @Override
    List<String> qemuNetwork(Path socket) {
        return List.of("-netdev", "stream,id=n0,addr.type=unix,addr.path=" + socket + ",server=off",
                "-device", "virtio-net-pci,netdev=n0");
    }
}

package io.jpasst.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NamespacesTest {
    private static String netnsId() throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
    }

    @Test
    void unshareOnAFreshThreadAndSetnsBack() throws Exception {
        String outer = netnsId();
        NetnsThread.call(() -> {
            int home = Fd.open("/proc/self/ns/net", Fd.O_RDONLY | Fd.O_CLOEXEC, 0); // the process's netns
            assertTrue(home >= 0);
            // unshared already by NetnsThread
            assertNotEquals(outer, netnsId());
            assertEquals(1, Tun.ifNameToIndex("lo"), "a new netns has only lo");
            assertEquals(0, Namespaces.setns(home, Namespaces.CLONE_NEWNET));
            assertEquals(outer, netnsId());
            Fd.close(home);
            return null;
        });
        assertEquals(outer, netnsId(), "the test thread never moved");
    }

    @Test
    void tapInsideAFreshNamespace() throws Exception {
        NetnsThread.call(() -> {
            Tun.Tap tap = Tun.openTap("jptap0");
            try {
                assertEquals("jptap0", tap.name());
                assertTrue(Tun.ifNameToIndex("jptap0") > 1);
                assertTrue(Fd.fcntl(tap.fd(), Fd.F_GETFL, 0) >= 0);
                assertTrue((Fd.fcntl(tap.fd(), Fd.F_GETFL, 0) & Fd.O_NONBLOCK) != 0);
            } finally {
                Fd.close(tap.fd());
            }
            Tun.Tap auto = Tun.openTap(null);
            assertTrue(auto.name().startsWith("tap"), auto.name());
            Fd.close(auto.fd());
            assertEquals(-Errno.ENODEV, Tun.ifNameToIndex("jptap0"), "non-persistent tap vanishes on close");
            assertThrows(IllegalArgumentException.class, () -> Tun.openTap("x".repeat(40)));
            return null;
        });
    }
}

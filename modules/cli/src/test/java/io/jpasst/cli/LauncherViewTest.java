package io.jpasst.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.control.conf.Config;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherViewTest {
    /** What bin/pasta passes for a line it reads as the parser does. */
    private static Map<String, String> launcher(String netns, String userns, int netnsOnly, int foreground,
                                                String runas, String pid, int command) {
        Map<String, String> m = new HashMap<>();
        m.put("jpasst.launcher.netns", netns);
        m.put("jpasst.launcher.userns", userns);
        m.put("jpasst.launcher.netns-only", Integer.toString(netnsOnly));
        m.put("jpasst.launcher.foreground", Integer.toString(foreground));
        m.put("jpasst.launcher.runas", runas);
        m.put("jpasst.launcher.pid", pid);
        m.put("jpasst.launcher.command", Integer.toString(command));
        m.put("jpasst.launcher.direct", "0");
        return m;
    }

    private static Config pasta(String... args) {
        CliHarness h = CliHarness.pasta(args);
        assertEquals(0, h.status(), h::err);
        return h.config();
    }

    @Test
    void withoutTheLauncherThereIsNothingToCheck() {
        assertNull(LauncherView.mismatch(pasta("--netns", "x"), k -> null));
    }

    @Test
    void agreeingConclusionsPass() {
        assertNull(LauncherView.mismatch(pasta("--map-host-loopback", "169.254.1.3", "--netns", "x"),
                launcher("/run/netns/x", "", 1, 0, "", "", 0)::get));
        assertNull(LauncherView.mismatch(pasta("--userns", "/u", "--netns-only", "--fore", "--runas", "nobody", "42"),
                launcher("/proc/42/ns/net", "/proc/42/ns/user", 1, 1, "nobody", "42", 0)::get));
        assertNull(LauncherView.mismatch(pasta("--netns-only", "--userns", "/u", "--", "42"),
                launcher("/proc/42/ns/net", "/u", 0, 0, "", "42", 0)::get));
        assertNull(LauncherView.mismatch(pasta("-i", "eth0", "sh", "-c", "true"),
                launcher("", "", 0, 0, "", "", 1)::get));
    }

    /** The launcher's old bug: --interface taken as a flag, eth0 as the command, --netns unseen. */
    @Test
    void aDisagreementIsOneLineNamingWhat() {
        String m = LauncherView.mismatch(pasta("--interface", "eth0", "--netns", "/n"),
                launcher("", "", 0, 0, "", "", 1)::get);
        assertEquals("the launcher read the command line differently (netns: launcher '', parser '/n');"
                + " please report this command line", m);
        Map<String, String> direct = launcher("/n", "", 1, 0, "", "", 0);
        direct.put("jpasst.launcher.direct", "1");
        assertTrue(LauncherView.mismatch(pasta("--netns", "/n"), direct::get).contains("direct"));
    }
}

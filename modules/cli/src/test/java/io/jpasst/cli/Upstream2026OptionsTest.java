package io.jpasst.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.control.conf.Config;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Command-line behaviours the C tools gained by 2026: -a ADDR/PREFIX, --no-icmp covering NDP,
 * --stats, --chroot-fallback.
 */
class Upstream2026OptionsTest {
    private static Config accepted(CliHarness h) {
        assertEquals(0, h.status(), h::err);
        return h.config();
    }

    private static void refused(CliHarness h, String line) {
        assertEquals(1, h.status());
        assertEquals(line + System.lineSeparator(), h.err());
    }

    @Test
    void addressWithPrefixLengthSetsBoth() {
        Config c = accepted(CliHarness.pasta("-a", "192.0.2.10/24"));
        assertEquals("192.0.2.10", c.ip4().address().orElseThrow().getHostAddress());
        assertEquals(OptionalInt.of(24), c.ip4PrefixLength());
        Config six = accepted(CliHarness.passt("--address=2001:db8::5/64"));
        assertEquals("2001:db8:0:0:0:0:0:5", six.ip6().address().orElseThrow().getHostAddress());
        assertEquals(OptionalInt.empty(), six.ip4PrefixLength(), "an IPv6 prefix leaves the IPv4 one alone");
        // without a prefix in the last -a, -n may follow
        assertEquals(OptionalInt.of(16), accepted(CliHarness.pasta("-a", "192.0.2.10/24", "-a", "2001:db8::5",
                "-n", "16")).ip4PrefixLength());
    }

    @Test
    void prefixLengthTwiceOrOutOfRangeIsRefused() {
        refused(CliHarness.pasta("-n", "24", "-a", "192.0.2.10/24"), "pasta: Redundant prefix length specification");
        refused(CliHarness.pasta("-a", "192.0.2.10/24", "-n", "24"), "pasta: Redundant prefix length specification");
        refused(CliHarness.pasta("-a", "192.0.2.10/33"), "pasta: Invalid prefix length: 192.0.2.10/33");
        refused(CliHarness.pasta("-a", "2001:db8::5/129"), "pasta: Invalid prefix length: 2001:db8::5/129");
        refused(CliHarness.pasta("-a", "192.0.2.10/x"), "pasta: Invalid guest address: 192.0.2.10/x");
    }

    @Test
    void statsNeedTheForeground() {
        assertEquals(3, accepted(CliHarness.pasta("--stats", "3", "--", "true")).log().statsSeconds());
        assertEquals(1, accepted(CliHarness.passt("-f", "--stats=1")).log().statsSeconds());
        assertEquals(1, accepted(CliHarness.pasta("--stats", "1", "-f", "--netns", "x")).log().statsSeconds());
        refused(CliHarness.pasta("--stats", "1", "--netns", "x"), "pasta: --stats needs the foreground: add -f");
        refused(CliHarness.pasta("--stats", "1", "1234"), "pasta: --stats needs the foreground: add -f");
        refused(CliHarness.passt("--stats", "1"), "passt: --stats needs the foreground: add -f");
        refused(CliHarness.passt("-f", "--stats", "-1"), "passt: Invalid --stats: -1");
    }

    @Test
    void standardInputMayBeTheConnection() {
        assertEquals(0, accepted(CliHarness.passt("--fd", "0")).passt().fd().getAsInt());
        refused(CliHarness.passt("--fd", "1"), "passt: Invalid --fd: 1");
    }

    @Test
    void chrootFallbackIsAccepted() {
        accepted(CliHarness.passt("--chroot-fallback"));
        accepted(CliHarness.pasta("--chroot-fallback", "--", "true"));
    }

    @Test
    void noIcmpAlsoTurnsOffNdp() {
        Config c = accepted(CliHarness.pasta("--no-icmp"));
        assertTrue(c.features().noIcmp() && c.features().noNdp());
        assertFalse(accepted(CliHarness.pasta("--no-udp")).features().noNdp());
    }
}

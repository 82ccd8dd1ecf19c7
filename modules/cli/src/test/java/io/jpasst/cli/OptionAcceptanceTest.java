package io.jpasst.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.conf.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each option of each mode, in every spelling, parses and changes the configuration. */
class OptionAcceptanceTest {
    /** Options that exit or fail by design, tested elsewhere. */
    private static final Set<CliOption> NOT_RUNNABLE = Set.of(CliOption.HELP, CliOption.VERSION,
            CliOption.PRINT_CAPABILITIES);
    /** Options documented as having no effect (in that mode). */
    private static final Set<CliOption> NO_EFFECT = Set.of(CliOption.STDERR, CliOption.CHROOT_FALLBACK);

    /** A valid, non-default argument for each option that takes one. */
    private static String sample(CliOption o) {
        return switch (o) {
            case LOG_FILE, PCAP, PID, USERNS -> "/tmp/x";
            case LOG_SIZE -> "65536";
            case STATS -> "2";
            case RUNAS -> "nobody";
            case MTU -> "1500";
            case ADDRESS -> "192.0.2.5";
            case NETMASK -> "24";
            case MAC_ADDR, NS_MAC_ADDR -> "52:54:00:01:02:03";
            case GATEWAY -> "192.0.2.1";
            case INTERFACE, OUTBOUND_IF4, OUTBOUND_IF6, NS_IFNAME -> "eth0";
            case OUTBOUND -> "192.0.2.7";
            case HOSTNAME -> "h";
            case FQDN -> "h.example";
            case DNS, DNS_HOST -> "192.0.2.53";
            case DNS_FORWARD, MAP_HOST_LOOPBACK, MAP_GUEST_ADDR -> "169.254.1.1";
            case SEARCH -> "example.org";
            case TCP_PORTS, UDP_PORTS, TCP_NS, UDP_NS -> "22";
            case SOCKET -> "/tmp/passt.socket";
            case CONF_PATH -> "/tmp/pesto.socket";
            case FD -> "5";
            case NETNS -> "blue";
            default -> throw new IllegalArgumentException(o + " takes no argument");
        };
    }

    /** Options that only make sense with another one. */
    private static List<String> context(CliOption o) {
        if (o == CliOption.STATS) {
            return List.of("-f");
        }
        return o == CliOption.NO_COPY_ADDRS || o == CliOption.NO_COPY_ROUTES ? List.of("--config-net") : List.of();
    }

    static Stream<Arguments> spellings() {
        List<Arguments> all = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            for (CliOption o : CliOption.values()) {
                if (!o.availability().includes(mode) || NOT_RUNNABLE.contains(o)) {
                    continue;
                }
                List<String> names = new ArrayList<>(List.of(o.longNames()));
                if (o.shortName() != null) {
                    names.add(o.shortName());
                }
                for (String name : names) {
                    all.add(Arguments.of(mode, o, name));
                }
            }
        }
        return all.stream();
    }

    private static String[] args(CliOption o, String name, boolean attached) {
        List<String> args = new ArrayList<>(context(o));
        if (!o.takesArgument()) {
            args.add(name);
        } else if (attached) {
            args.add(name.startsWith("--") ? name + "=" + sample(o) : name + sample(o));
        } else {
            args.add(name);
            args.add(sample(o));
        }
        return args.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("spellings")
    void everySpellingIsAcceptedAndHasTheSameEffect(Mode mode, CliOption o, String name) {
        CliHarness separate = CliHarness.run(mode, args(o, name, false));
        assertEquals(0, separate.status(), separate.err());
        assertNotNull(separate.config());
        assertEquals("", separate.out());

        CliHarness attached = CliHarness.run(mode, args(o, name, true));
        assertEquals(separate.config(), attached.config());

        CliHarness canonical = CliHarness.run(mode, args(o, o.longName(), false));
        assertEquals(canonical.config(), separate.config());

        Config baseline = CliHarness.run(mode, context(o).toArray(String[]::new)).config();
        if (!NO_EFFECT.contains(o) && !(o == CliOption.NO_SPLICE && mode == Mode.PASST)) {
            assertNotEquals(baseline, separate.config(), o + " should change the configuration");
        }
    }

    @Test
    void everyOptionIsListedInItsModesHelp() {
        for (Mode mode : Mode.values()) {
            CliHarness r = CliHarness.run(mode, "--help");
            assertEquals(0, r.status());
            assertEquals("", r.err());
            assertTrue(r.out().startsWith("Usage: " + mode.toolName()), r.out());
            for (CliOption o : CliOption.values()) {
                boolean listed = Pattern.compile("(?m)^ .*[ ,]" + Pattern.quote(String.join(", ", o.longNames())) + "( |$)")
                        .matcher(r.out()).find();
                assertEquals(o.availability().includes(mode), listed, mode + " help and " + o.longName());
                if (listed && o.shortName() != null) {
                    assertTrue(r.out().contains(o.shortName() + ", " + o.longName()), o.longName());
                }
            }
        }
    }

    @Test
    void shortHelpToo() {
        CliHarness r = CliHarness.pasta("-h");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("--netns"));
    }

    @Test
    void versionIsOneLine() {
        CliHarness pasta = CliHarness.pasta("--version");
        assertEquals(0, pasta.status());
        assertEquals("pasta (jpasst) " + CommandLineParser.VERSION + System.lineSeparator(), pasta.out());
        assertEquals("", pasta.err());
        assertEquals("passt (jpasst) " + CommandLineParser.VERSION + System.lineSeparator(), CliHarness.passt("--version").out());
    }

    /** The vhost-user back-end convention: libvirt and KubeVirt parse this JSON. */
    @Test
    void printCapabilitiesSaysNet() {
        CliHarness r = CliHarness.passt("--print-capabilities");
        assertEquals(0, r.status());
        String nl = System.lineSeparator();
        assertEquals("{" + nl + "  \"type\": \"net\"" + nl + "}" + nl, r.out());
        assertEquals("", r.err());
    }

    @Test
    void vhostUserIsAccepted() {
        assertTrue(CliHarness.passt("--vhost-user", "--socket", "/tmp/x").config().passt().vhostUser());
        assertTrue(!CliHarness.passt("--socket", "/tmp/x").config().passt().vhostUser());
    }

    @Test
    void helpStopsBeforeLaterOptionsAreChecked() {
        assertEquals(0, CliHarness.pasta("-h", "--mtu", "1").status());
    }

    @Test
    void clusteredShortOptions() {
        Config c = CliHarness.passt("-dfm1500").config();
        assertTrue(c.log().debug());
        assertTrue(c.log().foreground());
        assertEquals(1500, c.mtu());
    }

    @Test
    void optionArgumentMayStartWithADash() {
        // getopt hands "-1" to -t; only then does the port parser refuse it
        CliHarness r = CliHarness.passt("-t", "-1");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("passt: Invalid port specifier for -t '-1'"), r.err());
    }
}

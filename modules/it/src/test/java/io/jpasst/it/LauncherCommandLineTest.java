package io.jpasst.it;

import static io.jpasst.it.Topology.GATEWAY_V4;
import static io.jpasst.it.Topology.HOST_IF;
import static io.jpasst.it.Topology.HOST_V4;
import static io.jpasst.it.Topology.PREFIX_V4;
import static io.jpasst.it.Topology.RESOLVER;
import static io.jpasst.it.Topology.SEARCH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The launcher reads the command line as the parser does. podman puts the user's options
 * (--map-host-loopback, -i, ...) before {@code --netns PATH}: if the launcher took an option
 * that takes a value for a flag, the value became the command, PATH was never seen and pasta
 * made a namespace of its own instead of joining PATH. So every long option that takes a
 * value, as {@code pasta --help} lists them, goes before {@code --netns} once, the podman way
 * (as root of the holder's user namespace, detaching), and the tap must appear in PATH.
 */
class LauncherCommandLineTest extends PastaTestBase {
    private static final Duration READY_WITHIN = Duration.ofSeconds(15);
    /** Options that refuse a detaching pasta by design, so never go before --netns alone. */
    private static final Set<String> FOREGROUND_ONLY = Set.of("stats");
    private static final Pattern VALUE_OPTION = Pattern.compile("^\\s+(?:-\\S, )?--([a-z0-9-]+) [A-Z]");

    /** A value each option accepts in this topology; an option missing here fails the test. */
    private Map<String, String> samples(NamespaceHolder holder) {
        Path work = topology.work();
        return Map.ofEntries(
                Map.entry("log-file", work.resolve("launcher-opt.log").toString()),
                Map.entry("log-size", "1048576"),
                Map.entry("runas", "nobody"),
                Map.entry("pcap", work.resolve("launcher-opt.pcap").toString()),
                Map.entry("pid", pasta.pidFile().toString()), // the harness's own file: the daemon stays findable
                Map.entry("mtu", "1500"),
                Map.entry("address", HOST_V4),
                Map.entry("netmask", Integer.toString(PREFIX_V4)),
                Map.entry("mac-addr", "9a:55:9a:55:9a:56"),
                Map.entry("gateway", GATEWAY_V4),
                Map.entry("interface", HOST_IF),
                Map.entry("outbound", HOST_V4),
                Map.entry("outbound-if4", HOST_IF),
                Map.entry("outbound-if6", HOST_IF),
                Map.entry("hostname", "jpit"),
                Map.entry("fqdn", "jpit." + SEARCH),
                Map.entry("dns", RESOLVER),
                Map.entry("dns-forward", "169.254.1.1"),
                Map.entry("dns-host", RESOLVER),
                Map.entry("search", SEARCH),
                Map.entry("map-host-loopback", "169.254.1.3"),
                Map.entry("map-guest-addr", "169.254.1.2"),
                Map.entry("tcp-ports", "none"),
                Map.entry("udp-ports", "none"),
                Map.entry("tcp-ns", "none"),
                Map.entry("udp-ns", "none"),
                Map.entry("ns-ifname", HOST_IF),
                Map.entry("userns", "/proc/" + holder.pid() + "/ns/user"),
                Map.entry("ns-mac-addr", "9a:55:9a:55:9a:57"),
                Map.entry("conf-path", work.resolve("launcher-opt.ctl").toString()));
    }

    /** Long options taking a value, from the help of the pasta under test. */
    private List<String> valueOptions() {
        Proc.Result help = topology.runAsUser(TIMEOUT, null, List.of(PastaUnderTest.binary().toString(), "--help"))
                .assertSuccess();
        List<String> names = new ArrayList<>();
        for (String line : help.stdout().lines().toList()) {
            Matcher m = VALUE_OPTION.matcher(line);
            if (m.find() && !m.group(1).equals("netns") && !FOREGROUND_ONLY.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        assertTrue(names.size() > 20, () -> "too few options with a value found in: " + help);
        return names;
    }

    @TestFactory
    Stream<DynamicTest> everyValueOptionBeforeNetnsStillJoinsIt() {
        return valueOptions().stream().map(name -> DynamicTest.dynamicTest("--" + name, () -> {
            try (NamespaceHolder holder = new NamespaceHolder(topology, "-Urmn")) {
                String value = samples(holder).get(name);
                if (value == null) {
                    throw new AssertionError("no sample value for --" + name + ": add one to samples()");
                }
                assertJoinsAndDetaches(holder, "opt-" + name, List.of("--" + name, value));
            } finally {
                pasta.close();
            }
        }));
    }

    /** getopt_long's unique prefixes, for options with and without a value, clustered short ones too. */
    @Test
    void abbreviatedOptionsBeforeNetnsStillJoinIt() {
        try (NamespaceHolder holder = new NamespaceHolder(topology, "-Urmn")) {
            assertJoinsAndDetaches(holder, "abbrev", List.of("--map-host", "169.254.1.3", "--interf", HOST_IF,
                    "--tcp-n", "none", "--no-map", "-qi" + HOST_IF, "--outbound-if4=" + HOST_IF));
        }
    }

    /** An ambiguous prefix is the parser's one error line, whichever way the launcher went. */
    @Test
    void ambiguousPrefixIsOneErrorLine() {
        Proc.Result r = topology.runAsUser(READY_WITHIN, null, pasta.command("--no-d", "--netns", "/nonexistent"));
        assertEquals(1, r.exitCode(), r::toString);
        List<String> lines = r.stderr().lines().toList();
        assertEquals(1, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith("pasta: ") && lines.get(0).contains("ambiguous"), r::toString);
    }

    private void assertJoinsAndDetaches(NamespaceHolder holder, String tag, List<String> options) {
        Path netns = topology.work().resolve("netns-" + tag);
        topology.runAsUser(TIMEOUT, null, holder.enter(true, "sh", "-c", "touch " + netns
                + " && mount --bind /proc/" + holder.pid() + "/ns/net " + netns)).assertSuccess();
        List<String> args = new ArrayList<>(List.of("--config-net", "--quiet"));
        args.addAll(options);
        args.addAll(List.of("--netns", netns.toString()));
        Proc.Result r = topology.runAsUser(READY_WITHIN, null,
                holder.enter(true, pasta.command(args.toArray(String[]::new)).toArray(String[]::new)));
        r.assertSuccess();
        assertTrue(pasta.daemon().isPresent(), () -> "pasta did not stay in the background: " + r);
        Proc.Result link = topology.runAsUser(TIMEOUT, null, holder.enter(true, "nsenter", "--net=" + netns,
                "ip", "-j", "link", "show", "dev", HOST_IF));
        assertEquals(0, link.exitCode(), () -> "no tap device in " + netns + ": " + r + "\n" + link);
        assertFalse(link.stdout().isBlank(), link::toString);
    }
}

package io.jpasst.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * One {@link Topology} per test class, one {@link PastaUnderTest} per test method: every
 * daemon a test starts is killed after it, and every namespace after its class.
 */
abstract class PastaTestBase {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static Topology topology;
    PastaUnderTest pasta;

    @BeforeAll
    static void buildTopology() {
        topology = Topology.create();
    }

    @AfterAll
    static void removeTopology() {
        if (topology != null) {
            topology.close();
            topology = null;
        }
    }

    @BeforeEach
    void newPasta(TestInfo test) {
        pasta = new PastaUnderTest(topology, test.getTestMethod().orElseThrow().getName());
        if (overPasst()) {
            Assumptions.assumeTrue(test.getTestMethod().orElseThrow().isAnnotationPresent(AlsoOverPasst.class),
                    "a pasta-only test");
        }
    }

    /**
     * True in a suite's {@code ...OverPasstTest} subclass: {@link #inPasta} runs passt and a
     * {@link PasstGuestBridge} guest instead, for the tests marked {@link AlsoOverPasst}.
     */
    boolean overPasst() {
        return false;
    }

    @AfterEach
    void killPasta() {
        pasta.close();
    }

    /**
     * Runs {@code pasta OPTIONS -- sh -c SCRIPT} as the test user in the host netns: pasta
     * creates a user and network namespace and runs the script inside. Over passt: the
     * script runs in passt's guest ({@link PasstGuest}).
     */
    Proc.Result inPasta(String stdin, List<String> options, String script) {
        if (overPasst()) {
            return PasstGuest.run(topology, pasta, stdin, options, script);
        }
        List<String> args = new ArrayList<>(options);
        args.addAll(List.of("--", "sh", "-c", script));
        return topology.runAsUser(TIMEOUT, stdin, pasta.command(args.toArray(String[]::new)));
    }

    /**
     * A shell loop that waits up to seconds for condition, then goes on either way: the
     * test's own assertions say what was missing.
     */
    static String waitUntil(String condition, int seconds) {
        return "i=0; until " + condition + "; do i=$((i+1)); [ $i -ge " + seconds * 10
                + " ] && break; sleep 0.1; done; ";
    }

    /** socat's address for a TCP connection to {@code addr:port}: TCP6 with the literal in brackets, or TCP4. */
    static String socatTcp(String addr, int port) {
        return addr.contains(":") ? "TCP6:[" + addr + "]:" + port : "TCP4:" + addr + ":" + port;
    }

    /** Copies a script from this package's test resources into the work directory, executable. */
    static Path script(String name) {
        return topology.script(name);
    }

    /** Runs script inside {@code pasta --config-net} and requires it to succeed. */
    Proc.Result inConfiguredNamespace(String script) {
        return inPasta(null, List.of("--config-net"), script).assertSuccess();
    }
}

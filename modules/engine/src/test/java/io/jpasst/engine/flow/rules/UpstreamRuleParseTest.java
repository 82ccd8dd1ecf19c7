package io.jpasst.engine.flow.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jpasst.engine.control.conf.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every forwarding example of the man page, parsed as upstream 2026 parses it: the expected
 * listings (and refusals) were recorded from upstream's pesto against upstream's pasta and
 * passt ({@code upstream-manpage-rules.txt}), and are compared line for line with ours.
 */
class UpstreamRuleParseTest {
    /** Both IP versions, TCP, UDP, SO_BINDTODEVICE, and for pasta auto-scanning. */
    private static final int PASTA_CAPS = 0x3f;
    private static final int PASST_CAPS = PASTA_CAPS & ~RuleTable.CAP_SCAN;

    record Case(String mode, char option, String spec, String expected) {
        @Override
        public String toString() {
            return mode + " -" + option + " " + spec;
        }
    }

    static Stream<Case> cases() throws IOException {
        String text;
        try (InputStream in = UpstreamRuleParseTest.class.getResourceAsStream("upstream-manpage-rules.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> out = new ArrayList<>();
        String[] head = null;
        StringBuilder body = new StringBuilder();
        for (String line : (text + "### end").split("\n")) {
            if (line.startsWith("#") && !line.startsWith("### ")) {
                continue;
            }
            if (line.startsWith("### ")) {
                if (head != null) {
                    out.add(new Case(head[0], head[1].charAt(1), head[2], body.toString()));
                }
                head = line.substring(4).split(" ", 3);
                body.setLength(0);
            } else {
                body.append(line).append('\n');
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parsesAsUpstream(Case c) {
        boolean pasta = c.mode().equals("pasta");
        RuleTable host = new RuleTable(pasta ? PASTA_CAPS : PASST_CAPS);
        RuleTable splice = pasta ? new RuleTable(PASTA_CAPS) : null;
        boolean outbound = c.option() == 'T' || c.option() == 'U';
        String got;
        try {
            new RuleParser(32768, 60999).parse(c.option(), false, c.spec(), outbound ? splice : host);
            got = listing("HOST", host) + (splice == null ? "" : listing("SPLICE", splice));
        } catch (ConfigException e) {
            got = "  ERROR: " + e.getMessage() + "\n";
        }
        assertEquals(c.expected(), got);
    }

    private static String listing(String name, RuleTable t) {
        StringBuilder sb = new StringBuilder("  ").append(name).append('\n');
        for (Rule r : t.rules()) {
            sb.append("    ").append(r).append('\n');
        }
        return sb.toString();
    }
}

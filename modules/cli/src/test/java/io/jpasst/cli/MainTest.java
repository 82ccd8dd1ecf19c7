package io.jpasst.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.conf.Mode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void modeComesFromTheLauncherProperty() {
        assertEquals(Mode.PASTA, Main.modeOf("pasta"));
        assertEquals(Mode.PASST, Main.modeOf("passt"));
        assertEquals(Mode.PASST, Main.modeOf(null));
        assertEquals(Mode.PASST, Main.modeOf("qrap"));
    }

    /**
     * Only lines the parser settles by itself: an accepted line would run the tool for real
     * (namespaces, a login shell) inside the test JVM; the integration tests cover that.
     */
    @Test
    void executeReturnsTheParserStatusForLinesItSettles() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Main.execute(Mode.PASTA, new String[] {"--version"}, new PrintWriter(out), new PrintWriter(err)));
        assertTrue(out.toString().startsWith("pasta "), out::toString);
        assertEquals("", err.toString());
        out.getBuffer().setLength(0);
        assertEquals(1, Main.execute(Mode.PASTA, new String[] {"--bogus"}, new PrintWriter(out), new PrintWriter(err)));
        assertEquals("", out.toString());
        assertEquals("pasta: unrecognized option '--bogus'" + System.lineSeparator(), err.toString());
    }
}

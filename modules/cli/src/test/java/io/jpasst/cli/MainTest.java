package io.jpasst.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jpasst.engine.control.conf.Mode;
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

    /** An accepted line goes to the runner (a stand-in here: the real one starts the tool). */
    @Test
    void executeHandsAcceptedLinesToTheRunnerAndSettlesTheRest() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int[] runs = {0};
        assertEquals(7, Main.execute(Mode.PASTA, new String[] {"--config-net"}, new PrintWriter(out), new PrintWriter(err),
                c -> ++runs[0] + 6));
        assertEquals(1, runs[0], "an accepted line is handed to the runner once");
        assertEquals("", out.toString() + err.toString());
        assertEquals(0, Main.execute(Mode.PASTA, new String[] {"--version"}, new PrintWriter(out), new PrintWriter(err),
                c -> fail()));
        assertTrue(out.toString().startsWith("pasta "), out::toString);
        assertEquals("", err.toString());
        out.getBuffer().setLength(0);
        assertEquals(1, Main.execute(Mode.PASTA, new String[] {"--bogus"}, new PrintWriter(out), new PrintWriter(err),
                c -> fail()));
        assertEquals("", out.toString());
        assertEquals("pasta: unrecognized option '--bogus'" + System.lineSeparator(), err.toString());
    }
}

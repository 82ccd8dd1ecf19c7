package io.jpasst.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void executeReturnsTheRunStatusWithoutOutput() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Main.execute(Mode.PASTA, new String[] {"--config-net"}, new PrintWriter(out), new PrintWriter(err), c -> 0));
        assertEquals("", out.toString() + err.toString());
        assertEquals(1, Main.execute(Mode.PASTA, new String[] {"--bogus"}, new PrintWriter(out), new PrintWriter(err), c -> 0));
        assertEquals("pasta: unrecognized option '--bogus'" + System.lineSeparator(), err.toString());
    }
}

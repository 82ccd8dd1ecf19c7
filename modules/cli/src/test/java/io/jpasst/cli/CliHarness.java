package io.jpasst.cli;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.conf.Mode;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Parses the command line as {@code main} does, capturing stdout, stderr and the status main
 * would exit with for a line it refuses (0 for one it accepts and would run).
 */
record CliHarness(int status, String out, String err, Config config) {
    static CliHarness run(Mode mode, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Outcome outcome = CommandLineParser.parse(mode, args, new PrintWriter(out), new PrintWriter(err));
        int status = Main.execute(mode, args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), c -> 0);
        Config config = outcome instanceof Outcome.Proceed p ? p.config() : null;
        return new CliHarness(status, out.toString(), err.toString(), config);
    }

    static CliHarness pasta(String... args) {
        return run(Mode.PASTA, args);
    }

    static CliHarness passt(String... args) {
        return run(Mode.PASST, args);
    }
}

package io.jpasst.cli;

import io.jpasst.engine.conf.Config;
import io.jpasst.engine.conf.Mode;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line as {@code main} would, capturing stdout, stderr and the status. */
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

package io.jpasst.cli;

import io.jpasst.engine.conf.Config;
import io.jpasst.engine.conf.Mode;
import java.io.PrintWriter;

/**
 * Entry point of both tools. As in C, the name decides the mode: the {@code pasta} and
 * {@code passt} launchers pass {@code -Djpasst.mode=pasta|passt} (default passt).
 */
public final class Main {
    /** System property the launchers set to the name they were started as. */
    public static final String MODE_PROPERTY = "jpasst.mode";

    private Main() {}

    /** {@code pasta} selects pasta; anything else, or nothing, is passt (as the C binary does). */
    static Mode modeOf(String property) {
        return "pasta".equals(property) ? Mode.PASTA : Mode.PASST;
    }

    public static void main(String[] args) {
        Mode mode = modeOf(System.getProperty(MODE_PROPERTY));
        PrintWriter out = new PrintWriter(System.out, false);
        PrintWriter err = new PrintWriter(System.err, false);
        int status = execute(mode, args, out, err);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Parses and, if asked to, runs; returns the exit status. Never exits the JVM itself. */
    static int execute(Mode mode, String[] args, PrintWriter out, PrintWriter err) {
        Outcome outcome = CommandLineParser.parse(mode, args, out, err);
        if (outcome instanceof Outcome.Exit exit) {
            return exit.status();
        }
        return run(((Outcome.Proceed) outcome).config());
    }

    /**
     * INTEGRATION POINT: the single call into the engine. Starts passt or pasta with
     * {@code config} and returns the process exit status. Until the engine entry exists it
     * does nothing and reports success.
     */
    public static int run(Config config) {
        return 0;
    }
}

package io.jpasst.cli;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.conf.Mode;
import java.io.PrintWriter;
import java.util.function.ToIntFunction;

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
        int status = execute(mode, args, out, err, config -> {
            String mismatch = LauncherView.mismatch(config, System::getProperty);
            if (mismatch != null) {
                err.println(mode.toolName() + ": " + mismatch);
                return 1;
            }
            return run(config);
        });
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Parses and, if asked to, hands the configuration to {@code runner}; returns the exit
     * status. Never exits the JVM itself. Tests pass a runner that starts nothing.
     */
    static int execute(Mode mode, String[] args, PrintWriter out, PrintWriter err, ToIntFunction<Config> runner) {
        Outcome outcome = CommandLineParser.parse(mode, args, out, err);
        if (outcome instanceof Outcome.Exit exit) {
            return exit.status();
        }
        return runner.applyAsInt(((Outcome.Proceed) outcome).config());
    }

    /** The single call into the engine: runs the tool, returns the process exit status. */
    public static int run(Config config) {
        try {
            return switch (config.mode()) {
                case PASTA -> io.jpasst.engine.runtime.app.Pasta.run(config);
                case PASST -> io.jpasst.engine.runtime.app.Passt.run(config);
            };
        } catch (Exception | Error e) {
            // One line, like the C tools' die(): what failed and why, in the log file too.
            io.jpasst.engine.runtime.app.Logging.fatal(config.mode().toolName() + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (Boolean.getBoolean("jpasst.stacktraces")) {
                e.printStackTrace();
            }
            return 1;
        }
    }
}

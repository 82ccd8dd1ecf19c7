package io.jpasst.cli;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.conf.Mode;
import io.jpasst.sys.LinkAhead;
import java.io.PrintWriter;
import java.util.function.ToIntFunction;
import sun.misc.Signal;

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
        // Until the service takes SIGTERM over (it then stops cleanly and exits 0), it ends
        // us as it would a C program, status 143, without the JDK's exit path (see exit).
        Signal.handle(new Signal("TERM"), s -> exit(128 + s.getNumber()));
        // The start's downcalls link on a second core meanwhile (see LinkAhead).
        LinkAhead.start();
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
        exit(status);
    }

    /**
     * Ends the process once its output is flushed. Not System.exit: that runs the JDK's exit
     * logging first, which looks up a System.LoggerFinder through the module path (opening
     * every jar after the command has already ended) and, from a signal's thread, fails with
     * a stray line on standard error. Not Runtime.halt either: the JVM then waits up to 300 ms
     * for threads blocked in native calls (the JDK's reaper in wait4 while a command still
     * runs, measured: SIGTERM took 317-352 ms against the C pasta's 30-42). We register no
     * shutdown hooks and the log file is written through unbuffered, so nothing is lost.
     */
    static void exit(int status) {
        System.out.flush();
        System.err.flush();
        io.jpasst.sys.Proc.exitGroup(status);
        Runtime.getRuntime().halt(status); // only if exit_group(2) were refused
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

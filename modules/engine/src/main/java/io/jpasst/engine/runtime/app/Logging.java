package io.jpasst.engine.runtime.app;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.conf.LogConfig;
import io.jpasst.engine.runtime.log.Log;
import java.io.IOException;
import java.nio.file.Path;

/** Applies the logging options. A pasta that runs a command is quiet unless debugging. */
public final class Logging {
    private Logging() {}

    static void start(Config config, String tool, boolean runsCommand) throws IOException {
        LogConfig lc = config.log();
        Log.configure(lc.quiet() || (runsCommand && !lc.debug() && !lc.trace()), lc.debug(), lc.trace());
        if (lc.logFile().isPresent()) {
            Log.toFile(Path.of(lc.logFile().get()), lc.logSize(),
                    tool + " " + Version.VERSION + " (" + ProcessHandle.current().pid() + ")");
        }
    }

    /**
     * Reports the error that ends the process: on standard error while the caller still
     * reads it, and in the log file, which is all a background process leaves to read.
     */
    public static void fatal(String line) {
        Log.error(line);
    }
}

package io.jpasst.cli;

import io.jpasst.engine.control.conf.Config;

/** What the command line asks for: run with a configuration, or stop now with a status. */
sealed interface Outcome {
    /** Start the engine with this configuration. */
    record Proceed(Config config) implements Outcome {}

    /** Stop: help or version was printed (0) or an error line was (1). */
    record Exit(int status) implements Outcome {}
}

package io.jpasst.engine.control.conf;

import java.util.Optional;

/**
 * Verbosity and destination of log messages, and whether the process stays in foreground.
 *
 * @param statsSeconds {@code --stats}: seconds between event count tables on stderr; 0: none
 */
public record LogConfig(boolean debug, boolean trace, boolean quiet, boolean foreground,
                        Optional<String> logFile, long logSize, int statsSeconds) {
    /** Default cap of the log file: 1 MiB. */
    public static final long DEFAULT_SIZE = 1024 * 1024;
    /** Smallest accepted cap: the C tools need room for a few whole pages of messages. */
    public static final long MIN_SIZE = 5 * 8192;
}

package io.jpasst.engine.runtime.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Process-wide logging, with the C tools' levels: errors and warnings always, informational
 * messages unless quiet, debug with {@code -d}, per-packet traces with {@code --trace}.
 *
 * <p>Messages go to standard error while the process is starting (a caller reads them), and
 * to the log file when one is given. Once a background process has let go of the caller's
 * descriptors, messages without a log file are dropped. Log calls are for the control path;
 * per-packet code checks {@link #tracing()} first so it builds no strings otherwise.
 */
public final class Log {
    public enum Level { ERROR, WARN, INFO, DEBUG, TRACE }

    private static volatile Level threshold = Level.INFO;
    private static volatile PrintStream console = System.err;
    private static volatile PrintStream file;
    private static volatile long fileLimit = 1 << 20;
    private static long fileWritten;
    private static final long START = System.nanoTime();

    private Log() {}

    public static void configure(boolean quiet, boolean debug, boolean trace) {
        threshold = trace ? Level.TRACE : debug ? Level.DEBUG : quiet ? Level.WARN : Level.INFO;
    }

    /** Starts logging to {@code path} (truncated), with a first line naming tool, version, PID. */
    public static void toFile(Path path, long sizeLimit, String header) throws IOException {
        // Created readable by us only, as the C tools do: it names addresses and peers.
        OutputStream out = Channels.newOutputStream(FileChannel.open(path,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
        fileLimit = sizeLimit;
        file = new PrintStream(out, true, StandardCharsets.UTF_8);
        write(file, header);
    }

    /** Stops writing to standard error: the caller's descriptor is about to be released. */
    public static void detachConsole() {
        console = null;
    }

    public static boolean debugging() {
        return threshold.compareTo(Level.DEBUG) >= 0;
    }

    public static boolean tracing() {
        return threshold == Level.TRACE;
    }

    public static void error(String msg) {
        log(Level.ERROR, msg);
    }

    public static void warn(String msg) {
        log(Level.WARN, msg);
    }

    public static void info(String msg) {
        log(Level.INFO, msg);
    }

    public static void debug(String msg) {
        log(Level.DEBUG, msg);
    }

    public static void trace(String msg) {
        log(Level.TRACE, msg);
    }

    private static void log(Level level, String msg) {
        if (level.compareTo(threshold) > 0) {
            return;
        }
        String line = debugging()
                ? String.format("%d.%04d: %s", elapsedMs() / 1000, elapsedMs() % 1000 * 10, msg)
                : msg;
        PrintStream c = console;
        if (c != null) {
            c.println(line);
        }
        PrintStream f = file;
        if (f != null) {
            synchronized (Log.class) {
                write(f, line);
            }
        }
    }

    private static void write(PrintStream f, String line) {
        // Past the size limit the log stops growing instead of filling the disk.
        if (fileWritten + line.length() + 1 <= fileLimit) {
            f.println(line);
            fileWritten += line.length() + 1;
        }
    }

    private static long elapsedMs() {
        return (System.nanoTime() - START) / 1_000_000;
    }
}

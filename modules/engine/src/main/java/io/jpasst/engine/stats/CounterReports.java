package io.jpasst.engine.stats;

import io.jpasst.engine.log.Log;
import sun.misc.Signal;

/**
 * Where the counters become visible: one line on SIGUSR1 at any time, one line at exit when
 * debugging or tracing, and JFR events for recordings. The SIGUSR1 line is logged as a
 * warning so that it is printed even by a quiet pasta (one that runs a command): it was asked
 * for explicitly. It goes wherever the log goes: stderr while attached, else the log file.
 */
public final class CounterReports {
    /** Set to true to leave JFR alone (e.g. a start-up measurement without it). */
    static final boolean JFR = !Boolean.getBoolean("jpasst.nojfr");

    private final Counters counters;

    private CounterReports(Counters counters) {
        this.counters = counters;
    }

    /** Installs the SIGUSR1 handler and the JFR periodic events; call once at start-up. */
    public static CounterReports install(Counters counters) {
        CounterReports reports = new CounterReports(counters);
        Signal.handle(new Signal("USR1"), s -> reports.report());
        if (JFR) {
            JfrCounters.register(counters);
        }
        return reports;
    }

    /** The SIGUSR1 report: the log line, and the same numbers as JFR events. */
    void report() {
        Log.warn(counters.line());
        if (JFR) {
            JfrCounters.emit(counters);
        }
    }

    /** At exit: the line, when debugging or tracing. */
    public void atExit() {
        if (Log.debugging()) {
            Log.debug(counters.line());
        }
    }
}

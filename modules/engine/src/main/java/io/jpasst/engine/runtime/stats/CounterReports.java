package io.jpasst.engine.runtime.stats;

import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.EventLoop;
import jdk.jfr.FlightRecorder;
import sun.misc.Signal;

/**
 * Where the counters become visible: one line on SIGUSR1 at any time, one line at exit when
 * debugging or tracing, and JFR events for recordings. The SIGUSR1 line is logged as a
 * warning so that it is printed even by a quiet pasta (one that runs a command): it was asked
 * for explicitly. It goes wherever the log goes: stderr while attached, else the log file.
 *
 * <p>JFR costs about 120 classes (a few hundred ms of start-up on a busy machine) once
 * touched, so nothing of it is loaded until JFR itself is up: at start (a recording given to
 * the JVM) or later ({@code jcmd PID JFR.start}), which the loop notices within
 * {@link #JFR_POLL_NS}. Only {@link FlightRecorder#isInitialized()} is asked before that.
 */
public final class CounterReports {
    /** How often the loop looks whether a recording was started from outside. */
    static final long JFR_POLL_NS = 2_000_000_000L;

    private final Counters counters;
    private volatile boolean jfrRegistered;

    /** The counters reported, e.g. to add kinds of flows once they exist. */
    public Counters counters() {
        return counters;
    }

    private CounterReports(Counters counters) {
        this.counters = counters;
    }

    /** Installs the SIGUSR1 handler and the JFR hook (now or once JFR starts). */
    public static CounterReports install(Counters counters, EventLoop loop) {
        CounterReports reports = new CounterReports(counters);
        Signal.handle(new Signal("USR1"), s -> reports.report());
        reports.registerIfRecording();
        if (!reports.jfrRegistered) {
            loop.every(JFR_POLL_NS, now -> reports.registerIfRecording());
        }
        return reports;
    }

    private void registerIfRecording() {
        if (!jfrRegistered && FlightRecorder.isInitialized()) {
            jfrRegistered = true;
            JfrCounters.register(counters);
        }
    }

    /** The SIGUSR1 report: the log line, and the same numbers as JFR events when recording. */
    void report() {
        Log.warn(counters.line());
        Log.warn(counters.flowsLine());
        registerIfRecording();
        if (jfrRegistered) {
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

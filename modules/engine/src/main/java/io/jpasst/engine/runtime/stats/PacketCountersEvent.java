package io.jpasst.engine.runtime.stats;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * JFR view of the data path's totals, emitted periodically while a recording is on (e.g.
 * {@code jcmd PID JFR.start}) and on every SIGUSR1 report. Per-reason drops are separate
 * {@link DropReasonEvent}s, so the reasons can grow without changing this event.
 */
@Name("io.jpasst.PacketCounters")
@Label("Packet Counters")
@Category({"jpasst", "Data path"})
@Description("Frames from the guest, handler failures and dropped frames so far")
@Period("5 s")
@StackTrace(false)
public final class PacketCountersEvent extends jdk.jfr.Event {
    @Label("Frames")
    @Description("Frames read from the guest")
    long frames;

    @Label("Handler Failures")
    @Description("Exceptions caught by the event loop: bugs, never caused by valid input")
    long handlerFailures;

    @Label("Drops")
    @Description("Frames, datagrams or segments dropped, all reasons")
    long drops;
}

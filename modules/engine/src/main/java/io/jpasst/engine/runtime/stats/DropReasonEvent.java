package io.jpasst.engine.runtime.stats;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One non-zero drop reason and its count, emitted alongside each {@link PacketCountersEvent}. */
@Name("io.jpasst.DropReason")
@Label("Drop Reason")
@Category({"jpasst", "Data path"})
@Description("Count of drops for one reason so far")
@StackTrace(false)
public final class DropReasonEvent extends jdk.jfr.Event {
    @Label("Reason")
    String reason;

    @Label("Count")
    long count;
}

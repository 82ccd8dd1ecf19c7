package io.jpasst.engine.runtime.stats;

import io.jpasst.engine.packet.DropReason;
import jdk.jfr.FlightRecorder;

/**
 * Publishes {@link Counters} as JFR events: periodically, on JFR's own thread, while a
 * recording wants them, and on demand. The event classes are reached only through this class,
 * which {@link CounterReports} touches only once JFR is up.
 */
final class JfrCounters {
    private JfrCounters() {}

    static void register(Counters counters) {
        FlightRecorder.addPeriodicEvent(PacketCountersEvent.class, () -> emit(counters));
    }

    /** Emits the totals and each non-zero reason; cheap no-ops when no recording wants them. */
    static void emit(Counters counters) {
        PacketCountersEvent totals = new PacketCountersEvent();
        if (!totals.isEnabled()) {
            return;
        }
        totals.frames = counters.frames();
        totals.handlerFailures = counters.handlerFailures();
        totals.drops = counters.drops().total();
        totals.commit();
        for (int i = 0; i < DropReason.count(); i++) {
            DropReason r = DropReason.of(i);
            long n = counters.drops().get(r);
            if (n != 0) {
                DropReasonEvent e = new DropReasonEvent();
                e.reason = r.name();
                e.count = n;
                e.commit();
            }
        }
    }
}

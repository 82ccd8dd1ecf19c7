package io.jpasst.engine.runtime.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

class CountersTest {
    private final DropCounters drops = new DropCounters();
    private final Counters counters = new Counters(drops, () -> 1200, () -> 2);

    @Test
    void lineShowsTotalsAndOnlyNonZeroReasons() {
        assertEquals("counters: 1200 frames, 2 handler failures, 0 drops", counters.line());
        drops.count(DropReason.BAD_LENGTH);
        drops.count(DropReason.BAD_LENGTH);
        drops.count(DropReason.FRAGMENT);
        assertEquals("counters: 1200 frames, 2 handler failures, 3 drops: BAD_LENGTH=2 FRAGMENT=1", counters.line());
    }

    @Test
    void jfrRecordingGetsTotalsAndEachNonZeroReason() throws Exception {
        drops.count(DropReason.MALFORMED);
        drops.count(DropReason.BAD_CHECKSUM);
        drops.count(DropReason.BAD_CHECKSUM);
        Path file = Files.createTempFile("counters", ".jfr");
        try (Recording r = new Recording()) {
            r.enable(PacketCountersEvent.class);
            r.enable(DropReasonEvent.class);
            r.start();
            JfrCounters.emit(counters);
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Files.delete(file);
        Map<String, Long> reasons = new TreeMap<>();
        long totals = 0;
        for (RecordedEvent e : events) {
            switch (e.getEventType().getName()) {
                case "io.jpasst.PacketCounters" -> {
                    totals++;
                    assertEquals(1200, e.getLong("frames"));
                    assertEquals(2, e.getLong("handlerFailures"));
                    assertEquals(3, e.getLong("drops"));
                }
                case "io.jpasst.DropReason" -> reasons.put(e.getString("reason"), e.getLong("count"));
                default -> { }
            }
        }
        assertTrue(totals >= 1, "totals event recorded: " + events);
        assertEquals(Map.of("BAD_CHECKSUM", 2L, "MALFORMED", 1L), reasons);
    }
}

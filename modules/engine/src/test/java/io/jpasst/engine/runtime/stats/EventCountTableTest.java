package io.jpasst.engine.runtime.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCountTableTest {
    private final DropCounters drops = new DropCounters();
    private final long[] frames = {0};
    private final EventLoop loop = new EventLoop((type, t, n) -> { });
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final EventCountTable table = new EventCountTable(new Counters(drops, () -> frames[0], () -> 0), loop,
            new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aRowOnlyWhenSomethingHappenedAndAHeaderEveryTwentyRows() {
        table.tick();
        assertEquals(2, lines().size(), "the first tick prints the header and a row");
        assertTrue(lines().get(0).trim().startsWith("frames     drops"), lines()::toString);
        assertTrue(lines().get(0).contains("tap (pasta)") && lines().get(0).contains("udp"), lines()::toString);
        assertEquals(lines().get(0).length(), lines().get(1).length(), "rows line up under the header");
        table.tick();
        assertEquals(2, lines().size(), "nothing new, nothing printed");
        frames[0] = 7;
        drops.count(DropReason.BAD_LENGTH);
        table.tick();
        List<String> cells = List.of(lines().get(2).trim().split(" +"));
        assertEquals(List.of("7", "1"), cells.subList(0, 2), lines()::toString);
        for (int i = 0; i < EventCountTable.HEADER_EVERY * 2; i++) {
            frames[0]++;
            table.tick();
        }
        assertEquals(3, lines().stream().filter(l -> l.contains("frames")).count(), lines()::toString);
        loop.close();
    }
}

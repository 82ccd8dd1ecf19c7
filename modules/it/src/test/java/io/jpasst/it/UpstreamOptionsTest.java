package io.jpasst.it;

import static io.jpasst.it.Topology.GATEWAY_V4;
import static io.jpasst.it.Topology.HOST_IF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Options the C tools gained by 2026, as a user meets them: --stats, -a ADDR/PREFIX. */
class UpstreamOptionsTest extends PastaTestBase {
    /** A row every second while there is traffic (a ping every half second), under one header. */
    @Test
    void statsPrintsCountersPeriodically() {
        Proc.Result r = inPasta(null, List.of("--stats", "1", "--config-net"),
                "ping -c 6 -i 0.5 -W 1 " + GATEWAY_V4 + " >/dev/null; sleep 1.5").assertSuccess();
        List<String> lines = r.stderr().lines().toList();
        List<String> headers = lines.stream().filter(l -> l.contains("frames") && l.contains("drops")).toList();
        List<String> rows = lines.stream().filter(l -> l.matches("( +\\d+)+")).toList();
        assertEquals(1, headers.size(), r::toString);
        assertTrue(rows.size() >= 2, () -> "expected a row a second: " + r);
        long first = Long.parseLong(rows.get(0).trim().split(" +")[0]);
        long last = Long.parseLong(rows.get(rows.size() - 1).trim().split(" +")[0]);
        assertTrue(last > first, () -> "frame totals should grow from row to row: " + r);
    }

    @Test
    void addressWithPrefixLength() {
        for (String spec : List.of("192.0.2.10/24", "192.0.2.10/26")) {
            Proc.Result r = inPasta(null, List.of("--config-net", "-a", spec), "ip -j -4 addr show dev " + HOST_IF)
                    .assertSuccess();
            assertEquals(List.of(spec), Jq.lines(r.stdout(), ".[].addr_info[] | \"\\(.local)/\\(.prefixlen)\""),
                    r::toString);
        }
    }
}

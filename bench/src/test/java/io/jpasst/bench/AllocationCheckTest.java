package io.jpasst.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The allocation check in {@code mvn verify}, kept to a few seconds: one data-path benchmark
 * (header parsing, the first thing every guest frame meets), briefly, in this JVM, held to
 * 0 B/op by the same rule as the full run of {@code benchmarks.jar}.
 */
class AllocationCheckTest {
    @Test
    void parsingAGuestFrameAllocatesNothing() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(ParseBench.class.getName() + ".udp4")
                .addProfiler(GCProfiler.class)
                .forks(0)
                .verbosity(VerboseMode.SILENT)
                .warmupIterations(2).warmupTime(TimeValue.milliseconds(500))
                .measurementIterations(2).measurementTime(TimeValue.milliseconds(500))
                .build()).run();
        assertEquals(1, results.size());
        assertEquals(List.of(), AllocationCheck.allocating(results), AllocationCheck.table(results));
        assertTrue(results.iterator().next().getPrimaryResult().getScore() > 0);
    }
}

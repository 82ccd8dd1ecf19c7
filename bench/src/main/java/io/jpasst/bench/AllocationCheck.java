package io.jpasst.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the data-path benchmarks with JMH's GC profiler and fails (exit 1) naming every
 * benchmark that allocates: the data path must allocate nothing per packet, and a time figure
 * alone would hide a regression that only shows as GC pauses under load. Entry point of
 * {@code bench/target/benchmarks.jar}; arguments are regular expressions selecting benchmarks
 * (default: all of this package). Prints a Markdown table for BENCHMARKS.md.
 */
public final class AllocationCheck {
    /**
     * Bytes per operation tolerated as measurement noise: JMH's own per-iteration bookkeeping,
     * spread over the few operations of the slowest benchmark (64 KiB checksum), shows as
     * ~0.3 B/op. Any real allocation is at least 16 B (one object), so even one object every
     * 32 operations still fails the check.
     */
    static final double EPSILON = 0.5;
    static final String ALLOC_NORM = "gc.alloc.rate.norm";

    private AllocationCheck() {}

    public static void main(String[] args) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder().addProfiler(GCProfiler.class);
        if (args.length == 0) {
            options.include(AllocationCheck.class.getPackageName() + ".");
        }
        for (String regex : args) {
            options.include(regex);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        System.out.println(table(results));
        List<String> allocating = allocating(results);
        if (results.isEmpty() || !allocating.isEmpty()) {
            System.err.println(results.isEmpty() ? "allocation check: no benchmark ran"
                    : "allocation check FAILED, allocating per operation: " + String.join(", ", allocating));
            System.exit(1);
        }
        System.out.println("allocation check passed: " + results.size() + " benchmarks, 0 B/op");
    }

    /** Benchmarks (with parameters) whose normalised allocation exceeds {@link #EPSILON}, or was not measured. */
    static List<String> allocating(Collection<RunResult> results) {
        List<String> bad = new ArrayList<>();
        for (RunResult r : results) {
            Result<?> alloc = allocation(r);
            if (alloc == null || !(alloc.getScore() <= EPSILON)) {
                bad.add(name(r) + " (" + (alloc == null ? "not measured" : alloc.getScore() + " B/op") + ")");
            }
        }
        return bad;
    }

    private static Result<?> allocation(RunResult r) {
        for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith(ALLOC_NORM)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String name(RunResult r) {
        String bench = r.getParams().getBenchmark();
        String shortName = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
        StringBuilder params = new StringBuilder();
        for (String key : r.getParams().getParamsKeys()) {
            params.append(params.isEmpty() ? "" : ",").append(key).append('=').append(r.getParams().getParam(key));
        }
        return params.isEmpty() ? shortName : shortName + "(" + params + ")";
    }

    static String table(Collection<RunResult> results) {
        StringBuilder t = new StringBuilder("| benchmark | ns/op | ± | B/op |\n|---|---:|---:|---:|\n");
        for (RunResult r : results) {
            Result<?> time = r.getPrimaryResult();
            Result<?> alloc = allocation(r);
            t.append(String.format("| %s | %.1f | %.1f | %s |%n", name(r), time.getScore(), time.getScoreError(),
                    alloc == null ? "?" : String.format("%.3f", alloc.getScore())));
        }
        return t.toString();
    }
}

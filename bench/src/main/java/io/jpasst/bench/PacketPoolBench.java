package io.jpasst.bench;

import io.jpasst.engine.packet.PacketBuffer;
import io.jpasst.engine.packet.PacketPool;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Sorting a round of frames into a pool and reading them back: the tap path's bookkeeping. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PacketPoolBench {
    private static final int FRAMES = 128;
    private PacketPool pool;

    @Setup
    public void setUp() {
        pool = new PacketPool(new PacketBuffer(1 << 20).segment(), FRAMES);
    }

    @Benchmark
    public long addAndGetRound() {
        pool.flush();
        for (int i = 0; i < FRAMES; i++) {
            pool.add(i * 1536L, 1514);
        }
        long sum = 0;
        for (int i = 0; i < FRAMES; i++) {
            sum += pool.get(i, 14, 20);
        }
        return sum;
    }
}

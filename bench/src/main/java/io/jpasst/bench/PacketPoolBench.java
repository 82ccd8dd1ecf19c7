package io.jpasst.bench;

import io.jpasst.engine.packet.PacketBuffer;
import io.jpasst.engine.packet.PacketPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Sorting a round of frames into a pool and reading them back: the tap path's bookkeeping. */
@State(Scope.Thread)
public class PacketPoolBench extends DataPathBench {
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

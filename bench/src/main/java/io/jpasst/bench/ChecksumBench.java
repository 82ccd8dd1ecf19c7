package io.jpasst.bench;

import io.jpasst.engine.packet.ip.Checksum;
import java.lang.foreign.MemorySegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The Internet checksum (partial sum + fold) over header- to jumbo-frame-sized regions. */
@State(Scope.Thread)
public class ChecksumBench extends DataPathBench {
    @Param({"20", "64", "576", "1500", "65520"})
    public int size;

    private MemorySegment data;

    @Setup
    public void setUp() {
        data = GuestFrames.frameBuffer();
        for (int i = 0; i < size; i++) {
            data.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (i * 31 + 7));
        }
    }

    @Benchmark
    public int sumAndFold() {
        return Checksum.fold(Checksum.sum(data, 0, size, 0));
    }
}

package io.jpasst.bench;

import io.jpasst.engine.packet.ip.Frames;
import java.lang.foreign.MemorySegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Writing the headers and checksums of a frame to the guest around a payload already in place. */
@State(Scope.Thread)
public class FrameBuildBench extends DataPathBench {
    private MemorySegment out;

    @Setup
    public void setUp() {
        out = GuestFrames.frameBuffer();
    }

    @Benchmark
    public int udp4() {
        return GuestFrames.udp4(out, 1472);
    }

    @Benchmark
    public int udp6() {
        return GuestFrames.udp6(out, 1452);
    }

    @Benchmark
    public int icmp4() {
        return Frames.icmp4(out, 0, GuestFrames.GUEST_MAC, GuestFrames.OUR_MAC,
                GuestFrames.REMOTE4, GuestFrames.GUEST4, 64);
    }
}

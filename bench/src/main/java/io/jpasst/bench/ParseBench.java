package io.jpasst.bench;

import io.jpasst.engine.packet.ip.ParsedFrame;
import java.lang.foreign.MemorySegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Validating a guest frame's L2-L4 headers, as the tap path does for every frame. */
@State(Scope.Thread)
public class ParseBench extends DataPathBench {
    private final ParsedFrame parsed = new ParsedFrame();
    private MemorySegment udp4;
    private MemorySegment udp6;
    private int udp4Len;
    private int udp6Len;

    @Setup
    public void setUp() {
        udp4 = GuestFrames.frameBuffer();
        udp6 = GuestFrames.frameBuffer();
        udp4Len = GuestFrames.udp4(udp4, 1472);
        udp6Len = GuestFrames.udp6(udp6, 1452);
    }

    @Benchmark
    public boolean udp4() {
        return parsed.parse(udp4, 0, udp4Len) && parsed.l4ChecksumOk();
    }

    @Benchmark
    public boolean udp6() {
        return parsed.parse(udp6, 0, udp6Len) && parsed.l4ChecksumOk();
    }
}

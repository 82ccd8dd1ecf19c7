package io.jpasst.bench;

import io.jpasst.engine.packet.ip.Tcp;
import io.jpasst.engine.proto.tcp.TcpFrames;
import io.jpasst.engine.proto.tcp.TcpSegment;
import java.lang.foreign.MemorySegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A TCP data segment to the guest written around a payload already peeked into the frame:
 * headers plus a checksum started from the flow's precomputed pseudo-header sum. One MSS of
 * payload, which the checksum covers, so this is the per-segment cost of a bulk download.
 */
@State(Scope.Thread)
public class TcpSegmentBench extends DataPathBench {
    private static final int MSS4 = 1460;
    private static final int MSS6 = 1440;

    private MemorySegment out;
    private long base4;
    private long base6;
    private int seq;

    @Setup
    public void setUp() {
        out = GuestFrames.frameBuffer();
        out.asSlice(TcpFrames.PAYLOAD6, MSS4).fill((byte) 0x5a);
        base4 = TcpFrames.pseudoBase4(GuestFrames.REMOTE4, GuestFrames.GUEST4);
        base6 = TcpFrames.pseudoBase6(GuestFrames.REMOTE6[0], GuestFrames.REMOTE6[1],
                GuestFrames.GUEST6[0], GuestFrames.GUEST6[1]);
    }

    @Benchmark
    public int data4() {
        seq += MSS4;
        return TcpFrames.build(out, 0, false, GuestFrames.GUEST_MAC, GuestFrames.OUR_MAC,
                0, GuestFrames.REMOTE4, 0, GuestFrames.GUEST4, base4, 5201, 40000,
                seq, 0x1000, Tcp.ACK_FLAG | Tcp.PSH, 65535, 0, TcpSegment.NO_WSCALE, MSS4);
    }

    @Benchmark
    public int data6() {
        seq += MSS6;
        return TcpFrames.build(out, 0, true, GuestFrames.GUEST_MAC, GuestFrames.OUR_MAC,
                GuestFrames.REMOTE6[0], GuestFrames.REMOTE6[1], GuestFrames.GUEST6[0], GuestFrames.GUEST6[1],
                base6, 5201, 40000, seq, 0x1000, Tcp.ACK_FLAG | Tcp.PSH, 65535, 0, TcpSegment.NO_WSCALE, MSS6);
    }

    /** A bare ACK: what the guest gets per window update. */
    @Benchmark
    public int ack4() {
        return TcpFrames.build(out, 0, false, GuestFrames.GUEST_MAC, GuestFrames.OUR_MAC,
                0, GuestFrames.REMOTE4, 0, GuestFrames.GUEST4, base4, 5201, 40000,
                seq, 0x1000, Tcp.ACK_FLAG, 65535, 0, TcpSegment.NO_WSCALE, 0);
    }
}

package io.jpasst.bench;

import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.engine.proto.l2.L2Services;
import io.jpasst.engine.packet.DropCounters;
import java.lang.foreign.MemorySegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Answering a guest's DHCP and NDP requests through {@link L2Services#offer}. */
@State(Scope.Thread)
public class L2ReplyBench extends DataPathBench {
    private L2Services services;
    private MemorySegment discover;
    private MemorySegment solicit;
    private MemorySegment reply;
    private int discoverLen;
    private int solicitLen;

    @Setup
    public void setUp() {
        services = new L2Services(GuestFrames.config(), new GuestState(), new DropCounters());
        discover = GuestFrames.frameBuffer();
        solicit = GuestFrames.frameBuffer();
        reply = GuestFrames.frameBuffer();
        discoverLen = GuestFrames.dhcpDiscover(discover);
        solicitLen = GuestFrames.routerSolicit(solicit);
        if (dhcpOffer() <= 0 || routerAdvert() <= 0) {
            throw new IllegalStateException("the benchmark's requests went unanswered");
        }
    }

    @Benchmark
    public int dhcpOffer() {
        return services.offer(discover, 0, discoverLen, reply, 0, GuestFrames.FRAME_CAP);
    }

    @Benchmark
    public int routerAdvert() {
        return services.offer(solicit, 0, solicitLen, reply, 0, GuestFrames.FRAME_CAP);
    }
}

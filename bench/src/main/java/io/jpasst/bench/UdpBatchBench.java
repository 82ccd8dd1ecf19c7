package io.jpasst.bench;

import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.proto.udp.DatagramSlots;
import java.lang.foreign.MemorySegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The UDP batch work around the system calls, per datagram of a 32-slot batch: the
 * {@code mmsghdr}/{@code iovec} arrays pointed at the slots before each {@code recvmmsg} or
 * {@code sendmmsg}, and a received batch turned into frames to the guest in place (each
 * slot's headers written into the headroom in front of its payload, nothing copied; a
 * full-size payload for an MTU of 1500, which the checksum covers).
 */
@State(Scope.Thread)
@OperationsPerInvocation(DatagramSlots.BATCH)
public class UdpBatchBench extends DataPathBench {
    private static final int PAYLOAD4 = 1472;
    private static final int PAYLOAD6 = 1452;

    private DatagramSlots slots;
    private MemorySegment buffer;

    @Setup
    public void setUp() {
        slots = new DatagramSlots();
        buffer = slots.buffer;
        for (int i = 0; i < DatagramSlots.BATCH; i++) {
            buffer.asSlice(DatagramSlots.payload(i), PAYLOAD4).fill((byte) i);
        }
    }

    @Benchmark
    public int toGuest4() {
        int bytes = 0;
        for (int i = 0; i < DatagramSlots.BATCH; i++) {
            bytes += Frames.udp4(buffer, DatagramSlots.frame(i, false), GuestFrames.GUEST_MAC, GuestFrames.OUR_MAC,
                    GuestFrames.REMOTE4, GuestFrames.GUEST4, 5201, 40000, PAYLOAD4);
        }
        return bytes;
    }

    @Benchmark
    public int toGuest6() {
        int bytes = 0;
        for (int i = 0; i < DatagramSlots.BATCH; i++) {
            bytes += Frames.udp6(buffer, DatagramSlots.frame(i, true), GuestFrames.GUEST_MAC, GuestFrames.OUR_MAC,
                    GuestFrames.REMOTE6[0], GuestFrames.REMOTE6[1], GuestFrames.GUEST6[0], GuestFrames.GUEST6[1],
                    5201, 40000, PAYLOAD6);
        }
        return bytes;
    }

    /** Headers for a {@code recvmmsg} on an unconnected socket (with source addresses). */
    @Benchmark
    public void receiveHeaders() {
        slots.prepareReceive(true);
    }

    /** Headers for a {@code sendmmsg} of a whole batch to per-datagram addresses. */
    @Benchmark
    public void sendHeaders() {
        slots.prepareSend(0, DatagramSlots.BATCH, true);
    }
}

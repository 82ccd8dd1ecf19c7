package io.jpasst.engine.fuzz;

import io.jpasst.engine.proto.icmp.EchoFrames;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.tap.L4Handler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The ICMP handler of the fuzzed path: the real {@link EchoFrames} parser, then, instead of a
 * ping socket (which would send to the network), the reply the host would cause is built
 * straight back to the guest, so the frame builders see hostile lengths and payloads too.
 */
final class EchoResponder implements L4Handler {
    private static final int OUT_CAP = 65536;
    private static final long GUEST_MAC = 0x5254_0012_3456L;
    private static final long OUR_MAC = InputTap.OUR_MAC;

    private final EchoFrames echo = new EchoFrames();
    private final MemorySegment out = Arena.ofAuto().allocate(OUT_CAP, 8);
    private final InputTap tap;
    private final DropCounters drops;

    EchoResponder(InputTap tap, DropCounters drops) {
        this.tap = tap;
        this.drops = drops;
    }

    @Override
    public void fromGuest(ParsedFrame f, long now) {
        if (!echo.parseRequest(f)) {
            if (echo.reason() != null) {
                drops.count(echo.reason());
            }
            return;
        }
        MemorySegment s = f.segment();
        int n = echo.isIpv6()
                ? EchoFrames.reply6(out, 0, OUT_CAP, GUEST_MAC, OUR_MAC, echo.destinationHi(),
                        echo.destinationLo(), 0x2001_0db8_0000_0000L, 0x15, echo.identifier(),
                        echo.sequence(), s, echo.payloadOffset(), echo.payloadLength())
                : EchoFrames.reply4(out, 0, OUT_CAP, GUEST_MAC, OUR_MAC, echo.destination4(),
                        0x0a00_020f, echo.identifier(), echo.sequence(), s, echo.payloadOffset(),
                        echo.payloadLength());
        if (n > 0) {
            tap.send(out, 0, n);
        }
    }
}

package io.jpasst.engine.fuzz;

import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.engine.proto.l2.L2Config;
import io.jpasst.engine.proto.l2.L2Services;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.tap.L4Handler;
import io.jpasst.engine.tap.TapFrames;
import java.lang.foreign.MemorySegment;

/**
 * The whole guest-to-host frame path as pasta wires it ({@link TapFrames} over the built-in
 * services and the L4 handlers), driven by fuzzer bytes instead of a tap device. One instance
 * serves a whole fuzzing run: its packet buffer is large, and guest state learnt from earlier
 * inputs is part of what gets explored.
 *
 * <p>Adding a protocol's handler to the fuzzed path is one argument: build it with
 * {@link #tap()} as its guest side and pass it as {@code tcp} or {@code udp}.
 */
final class GuestFramePath {
    private final InputTap tap;
    private final DropCounters drops;
    private final TapFrames frames;
    private final EchoResponder icmp;
    private final CountingHandler tcp;
    private final CountingHandler udp;

    GuestFramePath(InputTap tap, DropCounters drops, L4Handler tcp, L4Handler udp) {
        this.tap = tap;
        this.drops = drops;
        this.icmp = new EchoResponder(tap, drops);
        this.tcp = tcp == null ? null : new CountingHandler(tcp);
        this.udp = udp == null ? null : new CountingHandler(udp);
        L2Services services = new L2Services(config(), new GuestState(), drops);
        this.frames = new TapFrames(tap, services, icmp, this.tcp, this.udp, drops);
    }

    /** The path with ICMP only, TCP and UDP switched off (what exists today). */
    static GuestFramePath icmpOnly() {
        InputTap tap = new InputTap();
        return new GuestFramePath(tap, new DropCounters(), null, null);
    }

    /** The same addresses as the responder unit tests, with every service switched on. */
    static L2Config config() {
        return L2Config.builder().ourMac(InputTap.OUR_MAC).mtu(65520)
                .ip4(0x0a00_020f, 24, 0x0a00_0202).ip4Dns(0x0a00_0203)
                .ip6(0x2001_0db8_0000_0000L, 0x15, 64).ip6Dns(0x2001_0db8_0000_0000L, 3)
                .search("example.com").search("corp.example.com")
                .hostname("guest").fqdn("guest.example.com").build();
    }

    InputTap tap() {
        return tap;
    }

    /**
     * Passes one guest frame through. Fails (throws AssertionError) when the path threw, when
     * a reply was malformed, or when the frame vanished: every frame must end as a reply, a
     * counted drop, or a handler's input.
     */
    void offer(MemorySegment frame) {
        long before = accounted();
        long seen = frames.frames();
        tap.queue(frame);
        frames.readable(0);
        if (frames.frames() != seen + 1) {
            throw new AssertionError("frame not read: " + (frames.frames() - seen));
        }
        if (accounted() == before) {
            throw new AssertionError("frame of " + frame.byteSize() + " bytes neither answered, counted nor handled");
        }
    }

    private long accounted() {
        return drops.total() + tap.replies() + icmp.handled()
                + (tcp == null ? 0 : tcp.handled) + (udp == null ? 0 : udp.handled);
    }

    DropCounters drops() {
        return drops;
    }

    /** Counts what a protocol handler was given, so no frame can silently vanish. */
    private static final class CountingHandler implements L4Handler {
        private final L4Handler inner;
        long handled;

        CountingHandler(L4Handler inner) {
            this.inner = inner;
        }

        @Override
        public void fromGuest(io.jpasst.engine.packet.ip.ParsedFrame frame, long now) {
            handled++;
            inner.fromGuest(frame, now);
        }
    }
}

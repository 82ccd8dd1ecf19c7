package io.jpasst.engine.fuzz;

import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.engine.proto.l2.L2Config;
import io.jpasst.engine.proto.l2.L2Services;
import io.jpasst.engine.tap.L4Handler;
import io.jpasst.engine.tap.TapFrames;
import java.lang.foreign.MemorySegment;

/**
 * The whole guest-to-host frame path as pasta wires it ({@link TapFrames} over the built-in
 * services and the L4 handlers), driven by fuzzer bytes instead of a tap device. One instance
 * serves a whole fuzzing run: its packet buffer is large, and guest state learnt from earlier
 * inputs is part of what gets explored.
 *
 * <p>Two shapes: {@link #realHandlers()}, the real TCP, UDP and ICMP handlers on a running
 * event loop in a network namespace of their own ({@link IsolatedHandlers}); and
 * {@link #icmpOnly()}, on the caller's thread, with an echo responder in place of the ping
 * sockets and TCP and UDP switched off.
 */
final class GuestFramePath {
    /** Reads the frame queued on the tap through the path, wherever the path runs. */
    interface Reader {
        void readQueued(TapFrames frames);
    }

    private final InputTap tap;
    private final DropCounters drops;
    private final TapFrames frames;
    private final CountingHandler icmp;
    private final CountingHandler tcp;
    private final CountingHandler udp;
    private final Reader reader;

    GuestFramePath(InputTap tap, DropCounters drops, L2Config l2, L4Handler icmp, L4Handler tcp, L4Handler udp,
            Reader reader) {
        this.tap = tap;
        this.drops = drops;
        this.icmp = CountingHandler.of(icmp);
        this.tcp = CountingHandler.of(tcp);
        this.udp = CountingHandler.of(udp);
        this.reader = reader;
        L2Services services = new L2Services(l2, new GuestState(), drops);
        this.frames = new TapFrames(tap, services, this.icmp, this.tcp, this.udp, drops);
    }

    /** The path with an echo responder for ICMP, TCP and UDP switched off, on the caller's thread. */
    static GuestFramePath icmpOnly() {
        InputTap tap = new InputTap();
        DropCounters drops = new DropCounters();
        return new GuestFramePath(tap, drops, config(), new EchoResponder(tap, drops), null, null,
                frames -> frames.readable(0));
    }

    /** The path through the real TCP, UDP and ICMP handlers (see {@link IsolatedHandlers}). */
    static GuestFramePath realHandlers() {
        return IsolatedHandlers.start();
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
        reader.readQueued(frames);
        if (frames.frames() != seen + 1) {
            throw new AssertionError("frame not read: " + (frames.frames() - seen));
        }
        if (accounted() == before) {
            throw new AssertionError("frame of " + frame.byteSize() + " bytes neither answered, counted nor handled");
        }
    }

    private long accounted() {
        return drops.total() + tap.replies() + handled(icmp) + handled(tcp) + handled(udp);
    }

    private static long handled(CountingHandler h) {
        return h == null ? 0 : h.handled;
    }

    DropCounters drops() {
        return drops;
    }

    /** Frames given to the TCP, UDP and ICMP handlers so far, in that order. */
    long[] handled() {
        return new long[] {handled(tcp), handled(udp), handled(icmp)};
    }

    /** Counts what a protocol handler was given, so no frame can silently vanish. */
    private static final class CountingHandler implements L4Handler {
        private final L4Handler inner;
        volatile long handled;

        private CountingHandler(L4Handler inner) {
            this.inner = inner;
        }

        static CountingHandler of(L4Handler inner) {
            return inner == null ? null : new CountingHandler(inner);
        }

        @Override
        public void fromGuest(ParsedFrame frame, long now) {
            handled++;
            inner.fromGuest(frame, now);
        }
    }
}

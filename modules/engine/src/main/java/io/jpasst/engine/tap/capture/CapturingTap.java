package io.jpasst.engine.tap.capture;

import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import io.jpasst.engine.packet.PacketPool;
import io.jpasst.engine.tap.TapBackend;
import io.jpasst.sys.Errno;
import io.jpasst.sys.SysException;
import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.Optional;

/**
 * The guest side as seen by {@code -p/--pcap} and {@code --trace}: a backend wrapped so that
 * every frame read from it and every frame it accepted for the guest is written to the pcap
 * file and/or logged. All guest traffic crosses {@link TapBackend}, whether built by a
 * responder, by the TCP, UDP or ICMP paths or batched, so this one place sees all of it.
 *
 * <p>Chosen at start-up: without either option {@link #wrap} returns the backend itself and
 * the data path pays nothing. A frame that cannot be written to the file is counted
 * ({@link DropReason#CAPTURE_FAILED}) and still forwarded.
 */
public final class CapturingTap implements TapBackend {
    private final TapBackend tap;
    private final PcapWriter pcap;
    private final boolean trace;
    private final DropCounters drops;
    /**
     * Wall-clock microseconds at System.nanoTime() == 0, so that stamps need no Instant per
     * frame. The monotonic clock follows NTP's rate corrections; only a step of the wall
     * clock after start-up is not followed.
     */
    private final long epochMicrosBase;
    private boolean warned;

    CapturingTap(TapBackend tap, PcapWriter pcap, boolean trace, DropCounters drops) {
        this.tap = tap;
        this.pcap = pcap;
        this.trace = trace;
        this.drops = drops;
        Instant wall = Instant.now();
        this.epochMicrosBase = wall.getEpochSecond() * 1_000_000 + wall.getNano() / 1000 - System.nanoTime() / 1000;
    }

    /**
     * The backend to use: {@code tap} itself unless a capture file is given or tracing is on.
     * The file is created here, so call this before the process gives up its privileges; if
     * it cannot be created, that is logged and the tools run without it, as the C ones do.
     */
    public static TapBackend wrap(TapBackend tap, Optional<String> pcapFile, DropCounters drops) {
        PcapWriter pcap = null;
        if (pcapFile.isPresent()) {
            try {
                pcap = PcapWriter.create(pcapFile.get());
                Log.info("Saving packet capture to " + pcapFile.get());
            } catch (SysException e) {
                Log.error("Couldn't open pcap file: " + e.getMessage());
            }
        }
        boolean trace = Log.tracing();
        return pcap == null && !trace ? tap : new CapturingTap(tap, pcap, trace, drops);
    }

    @Override
    public int fd() {
        return tap.fd();
    }

    @Override
    public long receive(PacketPool pool, long from) {
        int first = pool.count();
        long rc = tap.receive(pool, from);
        int count = pool.count();
        if (count > first) {
            long now = epochMicros();
            MemorySegment buf = pool.buffer();
            for (int i = first; i < count; i++) {
                int len = pool.length(i);
                seen(false, buf, pool.get(i, 0, len), len, now);
            }
        }
        return rc;
    }

    @Override
    public int send(MemorySegment seg, long off, int len) {
        int rc = tap.send(seg, off, len);
        if (rc >= 0) {
            seen(true, seg, off, len, epochMicros());
        }
        return rc;
    }

    private void seen(boolean toGuest, MemorySegment seg, long off, int len, long now) {
        if (trace) {
            Log.trace(FrameTrace.line(toGuest, seg, off, len));
        }
        if (pcap == null) {
            return;
        }
        int rc = pcap.record(seg, off, len, now);
        if (rc < 0) {
            drops.count(DropReason.CAPTURE_FAILED);
            if (!warned) {
                warned = true;
                Log.warn("Cannot write to the pcap file: " + Errno.message(-rc) + " (counted from now on)");
            }
        }
    }

    private long epochMicros() {
        return epochMicrosBase + System.nanoTime() / 1000;
    }
}

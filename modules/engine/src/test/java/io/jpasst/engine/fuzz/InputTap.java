package io.jpasst.engine.fuzz;

import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.packet.PacketPool;
import io.jpasst.engine.tap.TapBackend;
import java.lang.foreign.MemorySegment;

/**
 * The guest end of a tap device, fed from a fuzzer's bytes: {@link #receive} delivers the
 * pending input as one frame, exactly as a tap read would, and every frame sent back to the
 * guest is checked on the spot. A reply that is not a well-formed frame is a bug of ours, so
 * it fails the run with an {@link AssertionError} (the fuzzer reports it as a finding).
 */
final class InputTap implements TapBackend {
    static final long OUR_MAC = 0x9a55_9a55_9a55L;

    private final ParsedFrame check = new ParsedFrame();
    private final int fd;
    private volatile MemorySegment pending;
    private volatile long replies;

    /** A tap without a descriptor: the caller reads it when it queued a frame. */
    InputTap() {
        this(-1);
    }

    /** A tap whose readiness is {@code fd} (an eventfd the feeder signals), for a running loop. */
    InputTap(int fd) {
        this.fd = fd;
    }

    /** Makes {@code frame} the next thing the guest "sent". */
    void queue(MemorySegment frame) {
        pending = frame;
    }

    long replies() {
        return replies;
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public long receive(PacketPool pool, long from) {
        if (pending == null) {
            return from;
        }
        long len = Math.min(pending.byteSize(), PacketPool.MAX_PACKET);
        if (from + len <= pool.buffer().byteSize()) {
            MemorySegment.copy(pending, 0, pool.buffer(), from, len);
            pool.add(from, (int) len);
        }
        pending = null;
        return from + len;
    }

    @Override
    public int send(MemorySegment seg, long off, int len) {
        if (len < 14 || len > PacketPool.MAX_PACKET || off < 0 || off + len > seg.byteSize()) {
            throw new AssertionError("reply frame out of bounds: off " + off + " len " + len);
        }
        if (!check.parse(seg, off, len)) {
            throw new AssertionError("reply does not parse: " + check.reason());
        }
        if (check.srcMac() != OUR_MAC) {
            throw new AssertionError("reply not from our MAC: " + Long.toHexString(check.srcMac()));
        }
        int type = check.ethertype();
        if (type != Eth.TYPE_ARP && type != Eth.TYPE_IPV4 && type != Eth.TYPE_IPV6) {
            throw new AssertionError("reply of ethertype " + Integer.toHexString(type));
        }
        if (check.proto() >= 0 && !check.isFragment() && !check.l4ChecksumOk()) {
            throw new AssertionError("reply has a bad L4 checksum, proto " + check.proto());
        }
        replies++;
        return len;
    }
}

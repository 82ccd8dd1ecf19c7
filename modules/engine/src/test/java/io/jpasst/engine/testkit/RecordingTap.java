package io.jpasst.engine.testkit;

import io.jpasst.engine.packet.PacketPool;
import io.jpasst.engine.tap.NoTap;
import io.jpasst.engine.tap.TapBackend;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * The guest's end of the tap in a test: every frame sent to the guest is copied and queued
 * for the test thread to take; nothing ever arrives from the guest this way (tests hand their
 * frames to the handler directly).
 */
public final class RecordingTap implements TapBackend {
    /** The input side: none, as with pasta's --splice-only. */
    private final TapBackend input = new NoTap();
    private final LinkedBlockingDeque<byte[]> sent = new LinkedBlockingDeque<>();

    @Override
    public int fd() {
        return input.fd();
    }

    @Override
    public long receive(PacketPool pool, long from) {
        return input.receive(pool, from);
    }

    @Override
    public int send(MemorySegment seg, long off, int len) {
        sent.add(seg.asSlice(off, len).toArray(ValueLayout.JAVA_BYTE));
        return len;
    }

    /** The oldest frame sent to the guest and not taken yet, waiting up to timeout; else null. */
    public byte[] poll(long timeout, TimeUnit unit) throws InterruptedException {
        return sent.poll(timeout, unit);
    }

    /** Puts a frame taken with {@link #poll} back in front, for the next poll to return. */
    public void pushBack(byte[] frame) {
        sent.addFirst(frame);
    }
}

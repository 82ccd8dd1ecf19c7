package io.jpasst.engine.tap;

import io.jpasst.engine.packet.PacketPool;
import java.lang.foreign.MemorySegment;

/**
 * pasta's {@code --splice-only}: no tap device at all. Nothing is ever received; a frame the
 * data path would send to the guest (there is none) is dropped as sent.
 */
public final class NoTap implements TapBackend {
    @Override
    public int fd() {
        return -1;
    }

    @Override
    public long receive(PacketPool pool, long from) {
        return from;
    }

    @Override
    public int send(MemorySegment seg, long off, int len) {
        return len;
    }
}

package io.jpasst.engine.tap;

import io.jpasst.engine.packet.PacketPool;
import java.lang.foreign.MemorySegment;

/**
 * The guest side: where Ethernet frames come from and go to. pasta has a tap device in the
 * namespace, passt a qemu stream socket; everything above this interface is shared.
 */
public interface TapBackend {
    /** The descriptor to watch for input. */
    int fd();

    /**
     * Reads the frames that are ready into {@code pool}, starting at byte {@code from} of the
     * pool's buffer, until nothing more is ready or there is no room.
     *
     * @return bytes of the buffer now used (the next free offset), or -errno; -EIO when the
     *         guest side is gone
     */
    long receive(PacketPool pool, long from);

    /** Sends one Ethernet frame to the guest: bytes sent, or -errno (the frame is dropped). */
    int send(MemorySegment seg, long off, int len);
}

package io.jpasst.engine.proto.l2;

import static io.jpasst.engine.proto.l2.TestFrames.buffer;
import static io.jpasst.engine.proto.l2.TestFrames.config;

import io.jpasst.engine.packet.DropCounters;
import java.lang.foreign.MemorySegment;

/**
 * What each L2 service test starts from: a frame from the guest is built in {@link #in},
 * {@link #offer} hands it to the services, and their reply lands in {@link #out}. A test
 * that needs other settings replaces {@link #services}.
 */
abstract class ServicesFixture {
    final MemorySegment in = buffer();
    final MemorySegment out = buffer();
    final DropCounters drops = new DropCounters();
    final GuestState guest = new GuestState();
    L2Services services = new L2Services(config().build(), guest, drops);

    /** Offers the {@code len}-byte frame in {@link #in}; returns the reply length, 0 or -1. */
    int offer(int len) {
        return services.offer(in, 0, len, out, 0, (int) out.byteSize());
    }
}

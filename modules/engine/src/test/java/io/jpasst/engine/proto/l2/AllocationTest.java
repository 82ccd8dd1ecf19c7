package io.jpasst.engine.proto.l2;

import static io.jpasst.engine.proto.l2.TestFrames.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.proto.icmp.EchoFrames;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.DropCounters;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * The data path must not allocate: after warm-up (so the JIT has compiled the VarHandle
 * plumbing), answering every kind of request and passing on ordinary traffic allocates
 * nothing on this thread. Reflection reaches the JDK's per-thread allocation counter without
 * making the engine module depend on java.management.
 */
class AllocationTest {
    @Test
    void answeringAllocatesNothing() throws Exception {
        Object threads = Class.forName("java.lang.management.ManagementFactory")
                .getMethod("getThreadMXBean").invoke(null);
        Method allocated = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        MemorySegment[] frames = new MemorySegment[5];
        int[] lens = new int[5];
        for (int i = 0; i < 5; i++) {
            frames[i] = buffer();
        }
        lens[0] = dhcp(frames[0], Dhcp.DISCOVER, 0, 0, hex("3704 01030c77 5100"));
        lens[1] = icmp6(frames[1], GUEST6_LL, Ipv6.parse("ff02::2"), hex("85000000 00000000"));
        lens[2] = dhcpv6(frames[2], Dhcpv6.SOLICIT, hex("0001000a00030001525400123456 0003000c0badcafe0000000000000000"));
        lens[3] = Frames.udp4(frames[3], 0, OUR_MAC, GUEST_MAC, GUEST4, DNS4, 40000, 53, 100);
        lens[4] = icmp6(frames[4], GUEST6_LL, GUEST6_LL, hex("87000000 00000000 20010db8000000000000000000000001"));
        L2Services services = new L2Services(config().build(), new GuestState(), new DropCounters());
        MemorySegment out = buffer();
        EchoFrames echo = new EchoFrames();
        long sum = 0;
        for (int round = 0; round < 2; round++) {
            long before = (long) allocated.invoke(threads);
            for (int i = 0; i < 200_000; i++) {
                int k = i % 5;
                sum += services.offer(frames[k], 0, lens[k], out, 0, 1500);
                sum += echo.parseRequest(services.frame()) ? 1 : 0;
            }
            long used = (long) allocated.invoke(threads) - before;
            if (round == 1) {
                // reading the counter reflectively boxes a few bytes; one object per frame would be MBs
                assertTrue(used < 1024, "bytes allocated by 200k frames: " + used);
            }
        }
        assertTrue(sum > 0);
    }
}

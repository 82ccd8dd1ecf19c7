package io.jpasst.engine.flow.fwd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jpasst.sys.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Which accepted peers take the splice bypass: loopback of either family, also IPv4-mapped. */
class LoopbackPeerTest {
    private static int family(String literal) throws Exception {
        MemorySegment sa = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE, 8);
        byte[] a = InetAddress.getByName(literal).getAddress();
        if (a.length == 4) {
            SockAddr.writeIn4(sa, 0, java.nio.ByteBuffer.wrap(a).getInt(), 1234);
        } else {
            MemorySegment addr = Arena.ofAuto().allocate(16);
            MemorySegment.copy(a, 0, addr, ValueLayout.JAVA_BYTE, 0, 16);
            SockAddr.writeIn6(sa, 0, addr, 0, 1234, 0);
        }
        return TcpForwarding.loopbackFamily(sa);
    }

    @Test
    void loopbackPeers() throws Exception {
        assertEquals(4, family("127.0.0.1"));
        assertEquals(4, family("127.200.0.9"));
        assertEquals(6, family("::1"));
    }

    @Test
    void otherPeers() throws Exception {
        assertEquals(0, family("192.0.2.2"));
        assertEquals(0, family("2001:db8::1"));
        assertEquals(0, family("::"));
        assertEquals(0, family("::2"));
    }

    @Test
    void ipv4MappedLoopbackFromDualStackSocket() throws Exception {
        MemorySegment sa = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE, 8);
        MemorySegment addr = Arena.ofAuto().allocate(16);
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        MemorySegment.copy(mapped, 0, addr, ValueLayout.JAVA_BYTE, 0, 16);
        SockAddr.writeIn6(sa, 0, addr, 0, 1234, 0);
        assertEquals(4, TcpForwarding.loopbackFamily(sa));
        mapped[12] = (byte) 192;
        MemorySegment.copy(mapped, 0, addr, ValueLayout.JAVA_BYTE, 0, 16);
        SockAddr.writeIn6(sa, 0, addr, 0, 1234, 0);
        assertEquals(0, TcpForwarding.loopbackFamily(sa));
    }
}

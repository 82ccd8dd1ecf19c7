package io.jpasst.engine.flow.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.flow.SocketAddresses;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The {hi, lo} form, from configuration and from socket addresses, and back. */
class PeerAddressTest {
    private final MemorySegment sa = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE, 8);
    private final PeerAddress peer = new PeerAddress();

    @Test
    void inetAddressesBecomeHiLo() throws Exception {
        InetAddress v4 = InetAddress.getByName("203.0.113.10");
        assertEquals(0, HiLo.hi(v4));
        assertEquals(0xcb00_710aL, HiLo.lo(v4));
        assertEquals(0xcb00_710a, HiLo.v4((java.net.Inet4Address) v4));
        InetAddress v6 = InetAddress.getByName("2001:db8:1::ff02");
        assertEquals(0x2001_0db8_0001_0000L, HiLo.hi(v6));
        assertEquals(0xff02L, HiLo.lo(v6));
        InetAddress high = InetAddress.getByName("fe80::8000:0:0:1");
        assertEquals(0x8000_0000_0000_0001L, HiLo.lo(high), "no sign extension");
        assertEquals(0, HiLo.hi(null));
        assertEquals(0, HiLo.lo(null));
    }

    @Test
    void readsWhatSocketAddressesWrite() {
        SocketAddresses.write(sa, 0, false, 0, 0xcb00_710aL, 4242);
        assertTrue(peer.read(sa, 0));
        assertFalse(peer.six());
        assertFalse(peer.mapped());
        assertEquals(0xcb00_710aL, peer.lo());
        assertEquals(4242, peer.port());
        SocketAddresses.write(sa, 0, true, 0x2001_0db8_0002_0000L, 0x10, 53);
        assertTrue(peer.read(sa, 0));
        assertTrue(peer.six());
        assertEquals(0x2001_0db8_0002_0000L, peer.hi());
        assertEquals(0x10, peer.lo());
        assertEquals(53, peer.port());
    }

    @Test
    void anIpv4MappedPeerReadsAsIpv4AndRemembersHowItCame() {
        SocketAddresses.write(sa, 0, true, 0, HiLo.MAPPED4 | 0x7f00_0002L, 80);
        assertTrue(peer.read(sa, 0));
        assertFalse(peer.six());
        assertTrue(peer.mapped());
        assertEquals(0, peer.hi());
        assertEquals(0x7f00_0002L, peer.lo());
        assertTrue(peer.loopbackNet(), "127.0.0.2 is on the loopback interface");
        assertFalse(HiLo.loopback(false, peer.hi(), peer.lo()), "but it is not the one loopback address");
    }

    @Test
    void loopbackIsExactlyOneAddressPerFamily() {
        assertTrue(HiLo.loopback(false, 0, HiLo.LOOPBACK4));
        assertTrue(HiLo.loopback(true, 0, 1));
        assertFalse(HiLo.loopback(true, 0, HiLo.LOOPBACK4));
        assertFalse(HiLo.loopbackNet(true, 1, 1));
        assertTrue(HiLo.loopbackNet(false, 0, 0x7fff_ffffL));
    }

    @Test
    void otherFamiliesAreRefused() {
        sa.fill((byte) 0);
        assertFalse(peer.read(sa, 0), "AF_UNSPEC");
    }
}

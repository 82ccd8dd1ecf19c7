package io.jpasst.engine.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GuestNatTest {
    private static final long GW = 0xc000_0201L;
    private static final long HOST = 0xc000_0202L;
    private static final long DNS_FWD = 0xc000_0203L;
    private static final long RESOLVER = 0xcb00_7135L;
    private static final long GW6_HI = 0x2001_0db8_0001_0000L;

    private final GuestNat nat = new GuestNat(
            new GuestNat.Family(0, GW, 0, 0xc000_0263L, 0, HOST, 0, DNS_FWD, 0, RESOLVER),
            new GuestNat.Family(GW6_HI, 1, 0, 0, 0, 0, 0, 0, 0, 0));

    @Test
    void gatewayGoesToLoopback() {
        assertTrue(nat.resolve(false, 0, GW, 8080));
        assertEquals(0x7f00_0001L, nat.lo());
        assertTrue(nat.resolve(true, GW6_HI, 1, 8080));
        assertEquals(0, nat.hi());
        assertEquals(1, nat.lo());
    }

    @Test
    void guestAddressAliasGoesToTheHost() {
        assertTrue(nat.resolve(false, 0, 0xc000_0263L, 22));
        assertEquals(HOST, nat.lo());
    }

    @Test
    void dnsForwardOnlyOnPort53() {
        assertTrue(nat.resolve(false, 0, DNS_FWD, 53));
        assertEquals(RESOLVER, nat.lo());
        assertFalse(nat.resolve(false, 0, DNS_FWD, 54));
        assertEquals(DNS_FWD, nat.lo());
    }

    @Test
    void dnsOverTlsIsForwardedToo() {
        assertTrue(nat.resolve(false, 0, DNS_FWD, 853));
        assertEquals(RESOLVER, nat.lo());
    }

    @Test
    void dnsForwardWinsOverTheLoopbackAliasOnTheSameAddress() {
        GuestNat gwIsDns = new GuestNat(new GuestNat.Family(0, GW, 0, 0, 0, 0, 0, GW, 0, RESOLVER),
                GuestNat.Family.NONE);
        assertTrue(gwIsDns.resolve(false, 0, GW, 53));
        assertEquals(RESOLVER, gwIsDns.lo());
        assertTrue(gwIsDns.resolve(false, 0, GW, 80));
        assertEquals(0x7f00_0001L, gwIsDns.lo());
        assertFalse(gwIsDns.resolve(false, 0, GW, GuestNat.NO_PORT) && gwIsDns.lo() == RESOLVER);
    }

    @Test
    void otherAddressesPassUnchanged() {
        assertFalse(nat.resolve(false, 0, 0xcb00_710aL, 80));
        assertEquals(0xcb00_710aL, nat.lo());
        assertFalse(nat.resolve(true, 0x2001_0db8_0002_0000L, 0x10, 80));
        assertEquals(0x2001_0db8_0002_0000L, nat.hi());
    }

    @Test
    void absentAliasesMatchNothing() {
        GuestNat none = new GuestNat(GuestNat.Family.NONE, GuestNat.Family.NONE);
        assertFalse(none.resolve(false, 0, 0, 53));
        assertFalse(none.resolve(true, 0, 0, 53));
    }
}

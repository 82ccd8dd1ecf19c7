package io.jpasst.engine.flow.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The guest-to-host rules of {@link AddressMap}. */
class ToHostTest {
    private static final long GW = 0xc000_0201L;
    private static final long HOST = 0xc000_0202L;
    private static final long DNS_FWD = 0xc000_0203L;
    private static final long RESOLVER = 0xcb00_7135L;
    private static final long GW6_HI = 0x2001_0db8_0001_0000L;

    private final AddressMap nat = new AddressMap(
            new AddressMap.Family(0, GW, 0, 0xc000_0263L, 0, HOST, 0, DNS_FWD, 0, RESOLVER, 0, 0),
            new AddressMap.Family(GW6_HI, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));

    @Test
    void gatewayGoesToLoopback() {
        assertTrue(nat.toHost(false, 0, GW, 8080));
        assertEquals(0x7f00_0001L, nat.lo());
        assertTrue(nat.toHost(true, GW6_HI, 1, 8080));
        assertEquals(0, nat.hi());
        assertEquals(1, nat.lo());
    }

    @Test
    void guestAddressAliasGoesToTheHost() {
        assertTrue(nat.toHost(false, 0, 0xc000_0263L, 22));
        assertEquals(HOST, nat.lo());
    }

    @Test
    void dnsForwardOnlyOnPort53() {
        assertTrue(nat.toHost(false, 0, DNS_FWD, 53));
        assertEquals(RESOLVER, nat.lo());
        assertFalse(nat.toHost(false, 0, DNS_FWD, 54));
        assertEquals(DNS_FWD, nat.lo());
    }

    @Test
    void dnsOverTlsIsForwardedToo() {
        assertTrue(nat.toHost(false, 0, DNS_FWD, 853));
        assertEquals(RESOLVER, nat.lo());
    }

    @Test
    void dnsForwardWinsOverTheLoopbackAliasOnTheSameAddress() {
        AddressMap gwIsDns = new AddressMap(new AddressMap.Family(0, GW, 0, 0, 0, 0, 0, GW, 0, RESOLVER, 0, 0),
                AddressMap.Family.NONE);
        assertTrue(gwIsDns.toHost(false, 0, GW, 53));
        assertEquals(RESOLVER, gwIsDns.lo());
        assertTrue(gwIsDns.toHost(false, 0, GW, 80));
        assertEquals(0x7f00_0001L, gwIsDns.lo());
        assertFalse(gwIsDns.toHost(false, 0, GW, AddressMap.NO_PORT) && gwIsDns.lo() == RESOLVER);
    }

    @Test
    void otherAddressesPassUnchanged() {
        assertFalse(nat.toHost(false, 0, 0xcb00_710aL, 80));
        assertEquals(0xcb00_710aL, nat.lo());
        assertFalse(nat.toHost(true, 0x2001_0db8_0002_0000L, 0x10, 80));
        assertEquals(0x2001_0db8_0002_0000L, nat.hi());
    }

    @Test
    void absentAliasesMatchNothing() {
        AddressMap none = new AddressMap(AddressMap.Family.NONE, AddressMap.Family.NONE);
        assertFalse(none.toHost(false, 0, 0, 53));
        assertFalse(none.toHost(true, 0, 0, 53));
    }
}

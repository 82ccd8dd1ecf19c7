package io.jpasst.engine.control.conf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueParsersTest {
    @Test
    void macAddressRoundTrips() {
        MacAddress mac = MacAddress.parse("52:54:00:01:02:Ab");
        assertEquals(0x5254000102abL, mac.bits());
        assertEquals("52:54:00:01:02:ab", mac.toString());
        assertArrayEquals(new byte[] {0x52, 0x54, 0, 1, 2, (byte) 0xab}, mac.toBytes());
        assertEquals(mac, MacAddress.parse("52:54:00:01:02:ab"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "52:54:00:01:02", "52:54:00:01:02:03:04", "52-54-00-01-02-03", "5:54:00:01:02:033",
            "zz:54:00:01:02:03", "52:54:00:01:02:0g"})
    void macAddressRejectsMalformed(String text) {
        assertEquals("Invalid MAC address: " + text,
                assertThrows(ConfigException.class, () -> MacAddress.parse(text)).getMessage());
    }

    @ParameterizedTest
    @CsvSource({"24,24", "0,0", "32,32", "255.255.255.0,24", "255.255.255.255,32", "0.0.0.0,0", "255.128.0.0,9",
            "0x10,16"})
    void netmaskAsBitsOrDotted(String text, int prefix) {
        assertEquals(prefix, Netmask.prefixLength(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"33", "-1", "255.0.255.0", "0.255.255.255", "abc", "", "24x"})
    void netmaskRejects(String text) {
        assertEquals("Invalid netmask: " + text,
                assertThrows(ConfigException.class, () -> Netmask.prefixLength(text)).getMessage());
    }

    @Test
    void ipv4LiteralsAreStrictDottedQuads() {
        assertTrue(IpLiterals.parse4("192.0.2.1").isPresent());
        for (String bad : new String[] {"127.1", "1.2.3", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", "localhost", "::1"}) {
            assertTrue(IpLiterals.parse4(bad).isEmpty(), bad);
        }
    }

    @Test
    void ipv6LiteralsWithoutLookupsOrZones() {
        assertTrue(IpLiterals.parse6("::1").isPresent());
        assertTrue(IpLiterals.parse6("2001:db8::1").isPresent());
        for (String bad : new String[] {"fe80::1%eth0", "[::1]", "example.com", "1.2.3.4", "2001:db8::g"}) {
            assertTrue(IpLiterals.parse6(bad).isEmpty(), bad);
        }
        Inet6Address mapped = IpLiterals.parse6("::ffff:192.0.2.1").orElseThrow();
        assertTrue(IpLiterals.isV4Mapped(mapped));
        assertTrue(IpLiterals.isV4Compatible(IpLiterals.parse6("::192.0.2.1").orElseThrow()));
    }

    @ParameterizedTest
    @CsvSource({"1500,1500", "0x5dc,1500", "010,8", "0,0", "+7,7", "-3,-3"})
    void cNumbers(String text, long value) {
        assertEquals(value, CNumber.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x", "1500abc", "08", "--1", "99999999999999999999"})
    void cNumbersRejectGarbage(String text) {
        assertEquals(-42, CNumber.parseOr(text, -42));
    }
}

package io.jpasst.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LongOptionPrefixesTest {
    private static String[] expand(String... args) throws Exception {
        return LongOptionPrefixes.expand(args);
    }

    @Test
    void uniquePrefixesExpand() throws Exception {
        assertArrayEquals(new String[] {"--foreground", "--mtu", "1500", "--quiet"}, expand("--fore", "--mt", "1500", "--qui"));
        assertArrayEquals(new String[] {"--mtu=1500"}, expand("--mt=1500"));
        assertArrayEquals(new String[] {"--socket-path", "/x"}, expand("--socket-p", "/x"));
    }

    @Test
    void exactNamesWinOverLongerOnes() throws Exception {
        assertArrayEquals(new String[] {"--no-dhcp", "--dns", "1.1.1.1"}, expand("--no-dhcp", "--dns", "1.1.1.1"));
    }

    @Test
    void prefixOfSeveralOptionsIsAmbiguous() {
        String message = assertThrows(LongOptionPrefixes.AmbiguousOptionException.class, () -> expand("--no-copy")).getMessage();
        assertEquals("option '--no-copy' is ambiguous; possibilities: '--no-copy-routes' '--no-copy-addrs'", message);
    }

    @Test
    void valuesAndOperandsAreLeftAlone() throws Exception {
        // "--fore" as the value of -l, and after the command, is not an option
        assertArrayEquals(new String[] {"-l", "--fore", "--quiet", "cmd", "--fore"}, expand("-l", "--fore", "--qui", "cmd", "--fore"));
        assertArrayEquals(new String[] {"--", "--fore"}, expand("--", "--fore"));
        assertArrayEquals(new String[] {"-dl", "--fore"}, expand("-dl", "--fore"));
        assertArrayEquals(new String[] {"--log-file", "--fore"}, expand("--log-f", "--fore"));
    }

    @Test
    void unknownNamesPassThroughForPicocliToReport() throws Exception {
        assertArrayEquals(new String[] {"--nope"}, expand("--nope"));
    }

    @Test
    void endToEnd() {
        CliHarness r = CliHarness.pasta("--no-copy");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("pasta: option '--no-copy' is ambiguous;"), r.err());
        assertTrue(CliHarness.pasta("--config", "--quie").config().log().quiet());
    }
}

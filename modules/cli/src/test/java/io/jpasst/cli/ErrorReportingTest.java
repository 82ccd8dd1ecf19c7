package io.jpasst.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every refusal is one line on stderr naming the option, exit status 1, nothing on stdout. */
class ErrorReportingTest {
    private static void refused(CliHarness r, String line) {
        assertEquals(1, r.status());
        assertEquals(line + System.lineSeparator(), r.err());
        assertEquals("", r.out());
        assertNull(r.config());
    }

    @Test
    void unknownLongOption() {
        refused(CliHarness.pasta("--no-such-option"), "pasta: unrecognized option '--no-such-option'");
        refused(CliHarness.passt("--no-such=1", "-d"), "passt: unrecognized option '--no-such=1'");
    }

    @Test
    void unknownShortOption() {
        refused(CliHarness.pasta("-Z"), "pasta: invalid option -- 'Z'");
        refused(CliHarness.pasta("-dqZ"), "pasta: invalid option -- 'Z'");
    }

    @Test
    void missingArgument() {
        refused(CliHarness.pasta("--mtu"), "pasta: option '--mtu' requires an argument");
        refused(CliHarness.pasta("-d", "-m"), "pasta: option requires an argument -- 'm'");
        refused(CliHarness.passt("-dt"), "passt: option requires an argument -- 't'");
        refused(CliHarness.pasta("--netns", "--"), "pasta: option '--netns' requires an argument");
    }

    @Test
    void flagGivenAValue() {
        refused(CliHarness.pasta("--debug=yes"), "pasta: option '--debug' doesn't allow an argument");
    }

    @Test
    void invalidValuesNameTheOption() {
        refused(CliHarness.pasta("--mtu", "99999"), "pasta: Invalid MTU: 99999");
        refused(CliHarness.pasta("-m99999"), "pasta: Invalid MTU: 99999");
        refused(CliHarness.passt("--mtu=abc"), "passt: Invalid MTU: abc");
        refused(CliHarness.passt("-t", "70000"), "passt: Invalid port specifier for -t '70000': port 70000 out of range");
        refused(CliHarness.passt("-M", "52:54"), "passt: Invalid MAC address: 52:54");
        refused(CliHarness.passt("-a", "localhost"), "passt: Invalid address: localhost");
        refused(CliHarness.passt("-n", "40"), "passt: Invalid netmask: 40");
    }

    @ParameterizedTest
    @CsvSource({"-s,/x,--socket,passt", "--socket-path,/x,--socket,passt", "-F,5,--fd,passt", "-1,,--one-off,passt",
            "--no-dhcp-dns,,--no-dhcp-dns,passt", "--no-dhcp-search,,--no-dhcp-search,passt"})
    void passtOptionsRefusedInPasta(String option, String value, String named, String owner) {
        String[] args = value == null ? new String[] {option} : new String[] {option, value};
        refused(CliHarness.pasta(args), "pasta: " + named + " is for " + owner + " mode only");
    }

    @ParameterizedTest
    @CsvSource({"-I,tap0,--ns-ifname", "-T,22,--tcp-ns", "-U,53,--udp-ns", "--netns,x,--netns", "--config-net,,--config-net",
            "--userns,/u,--userns", "--netns-only,,--netns-only", "--no-netns-quit,,--no-netns-quit",
            "--dhcp-dns,,--dhcp-dns", "--dhcp-search,,--dhcp-search", "--ns-mac-addr,52:54:00:01:02:03,--ns-mac-addr",
            "--no-copy-routes,,--no-copy-routes", "--no-copy-addrs,,--no-copy-addrs",
            "--host-lo-to-ns-lo,,--host-lo-to-ns-lo"})
    void pastaOptionsRefusedInPasst(String option, String value, String named) {
        String[] args = value == null ? new String[] {option} : new String[] {option, value};
        refused(CliHarness.passt(args), "passt: " + named + " is for pasta mode only");
    }

    @Test
    void printCapabilitiesIsPasstOnly() {
        refused(CliHarness.pasta("--print-capabilities"), "pasta: --print-capabilities is for passt mode only");
    }

    @Test
    void passtRejectsOperands() {
        refused(CliHarness.passt("-f", "extra"), "passt: Extra non-option argument: extra");
    }

    @Test
    void firstErrorWinsInCommandLineOrder() {
        refused(CliHarness.pasta("--mtu", "1", "--version"), "pasta: Invalid MTU: 1");
    }

    @Test
    void deprecatedOptionWarnsButRuns() {
        CliHarness r = CliHarness.passt("-e");
        assertEquals(0, r.status());
        assertTrue(r.err().startsWith("passt: --stderr will be dropped soon"));
    }
}

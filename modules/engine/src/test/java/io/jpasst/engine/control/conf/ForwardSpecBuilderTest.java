package io.jpasst.engine.control.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForwardSpecBuilderTest {
    private static ForwardSpec pasta(String... values) {
        return ForwardSpecBuilder.parse(Mode.PASTA, ForwardOption.TCP_IN, values);
    }

    private static ForwardSpec passt(String... values) {
        return ForwardSpecBuilder.parse(Mode.PASST, ForwardOption.TCP_IN, values);
    }

    private static String error(Mode mode, ForwardOption option, String... values) {
        return assertThrows(ConfigException.class, () -> ForwardSpecBuilder.parse(mode, option, values)).getMessage();
    }

    @Test
    void listWithRangeTranslationAndExclusion() {
        ForwardSpec s = pasta("22,80-90:8080-8090,~85");
        assertEquals(ForwardMode.EXPLICIT, s.mode());
        assertEquals(22, s.targetPort(22));
        assertEquals(8080, s.targetPort(80));
        assertEquals(8090, s.targetPort(90));
        assertEquals(8084, s.targetPort(84));
        assertFalse(s.isForwarded(85));
        assertEquals(-1, s.targetPort(85));
        assertEquals(8086, s.targetPort(86));
        assertFalse(s.isForwarded(21));
        assertFalse(s.isForwarded(91));
        assertEquals(1 + 11 - 1, s.forwardedCount());
        assertFalse(s.bestEffort());
        assertEquals(2, s.rules().size());
    }

    @Test
    void exclusionBeforeTheRangeItExcludesFrom() {
        ForwardSpec s = pasta("~3000-3010,2000-5000");
        assertTrue(s.isForwarded(2999));
        assertFalse(s.isForwarded(3005));
        assertTrue(s.isForwarded(3011));
        assertEquals(3001 - 11, s.forwardedCount());
    }

    @Test
    void allInPasst() {
        ForwardSpec s = passt("all");
        assertEquals(ForwardMode.ALL, s.mode());
        assertTrue(s.bestEffort());
        assertFalse(s.isForwarded(0));
        assertTrue(s.isForwarded(1));
        assertEquals(65535, s.targetPort(65535));
        assertEquals(65535, s.forwardedCount());
    }

    @Test
    void allRefusedInPasta() {
        assertEquals("'all' port forwarding is only allowed for passt", error(Mode.PASTA, ForwardOption.TCP_IN, "all"));
    }

    @Test
    void autoInPastaOnly() {
        assertEquals(ForwardMode.AUTO, pasta("auto").mode());
        assertEquals(0, pasta("auto").forwardedCount());
        assertEquals("'auto' port forwarding is only allowed for pasta", error(Mode.PASST, ForwardOption.TCP_IN, "auto"));
    }

    @Test
    void none() {
        ForwardSpec s = pasta("none");
        assertEquals(ForwardMode.NONE, s.mode());
        assertEquals(0, s.forwardedCount());
        assertFalse(s.isForwarded(22));
    }

    @Test
    void unsetTakesTheModeDefault() {
        assertEquals(ForwardMode.AUTO, new ForwardSpecBuilder(Mode.PASTA, ForwardOption.UDP_OUT).build(ForwardMode.AUTO).mode());
        assertEquals(ForwardMode.NONE, new ForwardSpecBuilder(Mode.PASST, ForwardOption.UDP_IN).build(ForwardMode.NONE).mode());
        assertFalse(new ForwardSpecBuilder(Mode.PASST, ForwardOption.UDP_IN).isSet());
    }

    @Test
    void ipv4BindAddress() throws Exception {
        ForwardSpec s = pasta("192.0.2.1/22");
        ForwardRule rule = s.ruleFor(22).orElseThrow();
        assertEquals(Optional.of(InetAddress.getByName("192.0.2.1")), rule.bindAddress());
        assertEquals(Optional.empty(), rule.bindInterface());
        assertEquals(22, s.targetPort(22));
    }

    @Test
    void ipv6BindAddress() throws Exception {
        ForwardSpec s = pasta("::1/22");
        assertEquals(Optional.of(InetAddress.getByName("::1")), s.ruleFor(22).orElseThrow().bindAddress());
        assertEquals(Optional.of(InetAddress.getByName("::1")), pasta("[::1]/22").ruleFor(22).orElseThrow().bindAddress());
    }

    @Test
    void interfaceWithoutAddress() {
        ForwardRule rule = pasta("%eth0/22").ruleFor(22).orElseThrow();
        assertEquals(Optional.of("eth0"), rule.bindInterface());
        assertEquals(Optional.empty(), rule.bindAddress());
    }

    @Test
    void addressAndInterface() throws Exception {
        ForwardRule rule = pasta("192.0.2.1%eth0/22").ruleFor(22).orElseThrow();
        assertEquals(Optional.of("eth0"), rule.bindInterface());
        assertEquals(Optional.of(InetAddress.getByName("192.0.2.1")), rule.bindAddress());
    }

    @Test
    void boundRangeWithExclusion() {
        ForwardSpec s = pasta("192.0.2.1/20-30,~25");
        assertTrue(s.isForwarded(24));
        assertFalse(s.isForwarded(25));
        assertTrue(s.isForwarded(26));
        assertEquals(10, s.forwardedCount());
    }

    @Test
    void exclusionOnlyMeansEverythingElse() {
        ForwardSpec s = pasta("~20000-20010");
        assertEquals(ForwardMode.EXPLICIT, s.mode());
        assertTrue(s.bestEffort());
        assertFalse(s.isForwarded(0));
        assertTrue(s.isForwarded(1));
        assertTrue(s.isForwarded(19999));
        assertFalse(s.isForwarded(20000));
        assertFalse(s.isForwarded(20010));
        assertTrue(s.isForwarded(20011));
        assertEquals(65535 - 11, s.forwardedCount());
        assertEquals(40000, s.targetPort(40000));
    }

    @Test
    void podmanForms() throws Exception {
        ForwardSpec s = pasta("8080-8080:80-80");
        assertEquals(80, s.targetPort(8080));
        assertEquals(1, s.forwardedCount());

        ForwardSpec bound = pasta("127.0.0.1/8080-8080:80-80");
        assertEquals(80, bound.targetPort(8080));
        assertEquals(Optional.of(InetAddress.getByName("127.0.0.1")), bound.ruleFor(8080).orElseThrow().bindAddress());
    }

    @Test
    void libvirtForms() {
        assertEquals(22, passt("2222:22").targetPort(2222));
        assertEquals(5353, passt("5353").targetPort(5353));
        ForwardSpec s = passt("%eth0/~1-1023");
        assertFalse(s.isForwarded(80));
        assertTrue(s.isForwarded(1024));
        assertEquals(Optional.of("eth0"), s.ruleFor(1024).orElseThrow().bindInterface());
    }

    @Test
    void repeatedOptionsAccumulateAndLaterRulesWin() {
        ForwardSpec s = pasta("22", "192.0.2.1/80", "1000-1010:2000-2010", "1005:3005");
        assertEquals(22, s.targetPort(22));
        assertTrue(s.ruleFor(80).orElseThrow().bindAddress().isPresent());
        assertTrue(s.ruleFor(22).orElseThrow().bindAddress().isEmpty());
        assertEquals(2004, s.targetPort(1004));
        assertEquals(3005, s.targetPort(1005));
        assertEquals(1 + 1 + 11, s.forwardedCount());
    }

    @Test
    void outboundAcceptsPortsButNoBindAddress() {
        assertEquals(53, ForwardSpecBuilder.parse(Mode.PASTA, ForwardOption.UDP_OUT, "53").targetPort(53));
        assertTrue(error(Mode.PASTA, ForwardOption.TCP_OUT, "127.0.0.1/22").startsWith("Invalid port specifier for -T"));
    }

    @Test
    void keywordsConflictWithAnythingGivenBefore() {
        assertTrue(error(Mode.PASTA, ForwardOption.TCP_IN, "22", "none").contains("conflicts with previous mode"));
        assertTrue(error(Mode.PASTA, ForwardOption.TCP_IN, "none", "none").contains("conflicts with previous mode"));
        assertTrue(error(Mode.PASTA, ForwardOption.TCP_IN, "auto", "22").contains("cannot be given together"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"65536", "0-70000", "22:65536", "99999999999"})
    void rejectsPortsAbove65535(String spec) {
        assertTrue(error(Mode.PASTA, ForwardOption.TCP_IN, spec).contains("out of range")
                || error(Mode.PASTA, ForwardOption.TCP_IN, spec).contains("not a port number"), spec);
    }

    @Test
    void rejectsReversedRange() {
        assertEquals("Invalid port specifier for -t '90-80': reversed range 90-80",
                error(Mode.PASTA, ForwardOption.TCP_IN, "90-80"));
        assertTrue(error(Mode.PASTA, ForwardOption.TCP_IN, "~90-80").contains("reversed range"));
    }

    @Test
    void rejectsMismatchedTranslation() {
        assertEquals("Invalid port specifier for -u '80-90:8080-8089': target range 8080-8089 differs in length from 80-90",
                error(Mode.PASTA, ForwardOption.UDP_IN, "80-90:8080-8089"));
        assertTrue(error(Mode.PASTA, ForwardOption.UDP_IN, "80-81:8080").contains("differs in length"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "22x", "22-", "-22", "22:", ":22", "2 2", "22-23-24", "+22", "0x16", "22:23:24"})
    void rejectsGarbage(String spec) {
        assertTrue(error(Mode.PASTA, ForwardOption.TCP_IN, spec).startsWith("Invalid port specifier for -t '" + spec + "'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",", "22,", ",22", "22,,23", "~", "192.0.2.1/", "1.2.3.4/,22"})
    void rejectsEmptyItems(String spec) {
        assertTrue(error(Mode.PASTA, ForwardOption.TCP_IN, spec).startsWith("Invalid port specifier"), spec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com/22", "300.1.1.1/22", "/22", "1.2.3.4%/22", "%averyveryverylongname/22", "127.1/22"})
    void rejectsBadBindPart(String spec) {
        assertTrue(error(Mode.PASTA, ForwardOption.TCP_IN, spec).startsWith("Invalid port specifier"), spec);
    }

    @Test
    void rejectsOverlappingExclusions() {
        assertTrue(error(Mode.PASTA, ForwardOption.TCP_IN, "~10-20,~15").contains("overlapping excluded ranges"));
    }
}

package io.jpasst.engine.control.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigBuilderTest {
    private static String error(Mode mode, Consumer<ConfigBuilder> options) {
        ConfigBuilder b = new ConfigBuilder(mode);
        return assertThrows(ConfigException.class, () -> {
            options.accept(b);
            b.build();
        }).getMessage();
    }

    private static Config build(Mode mode, Consumer<ConfigBuilder> options) {
        ConfigBuilder b = new ConfigBuilder(mode);
        options.accept(b);
        return b.build();
    }

    @Test
    void modeDefaults() {
        Config passt = new ConfigBuilder(Mode.PASST).build();
        assertEquals(65520, passt.mtu());
        assertTrue(passt.dns().dhcpDns());
        assertTrue(passt.dns().dhcpSearch());
        assertEquals(ForwardMode.NONE, passt.forwarding().tcpIn().mode());
        assertTrue(passt.features().noSplice(), "passt never splices");
        assertEquals(LogConfig.DEFAULT_SIZE, passt.log().logSize());

        Config pasta = new ConfigBuilder(Mode.PASTA).build();
        assertFalse(pasta.dns().dhcpDns());
        assertFalse(pasta.dns().dhcpSearch());
        for (ForwardOption o : ForwardOption.values()) {
            assertEquals(ForwardMode.AUTO, pasta.forwarding().get(o).mode(), o.name());
        }
        assertFalse(pasta.features().noSplice());
        assertEquals(IpVersions.BOTH, pasta.ipVersions());
    }

    @Test
    void mtuBounds() {
        assertEquals(0, build(Mode.PASST, b -> b.mtu("0")).mtu());
        assertEquals(68, build(Mode.PASST, b -> b.mtu("68")).mtu());
        assertEquals(65520, build(Mode.PASST, b -> b.mtu("65520")).mtu());
        assertEquals("Invalid MTU: 67", error(Mode.PASST, b -> b.mtu("67")));
        assertEquals("Invalid MTU: 65521", error(Mode.PASST, b -> b.mtu("65521")));
        assertEquals("Invalid MTU: 99999", error(Mode.PASTA, b -> b.mtu("99999")));
        assertEquals("Invalid MTU: x", error(Mode.PASTA, b -> b.mtu("x")));
    }

    @Test
    void addressesGoToTheirFamilyAndTheLastOneWins() throws Exception {
        Config c = build(Mode.PASTA, b -> {
            b.address("192.0.2.5");
            b.address("2001:db8::5");
            b.address("192.0.2.6");
            b.gateway("fe80::1");
        });
        assertEquals(Optional.of(InetAddress.getByName("192.0.2.6")), c.ip4().address());
        assertEquals(Optional.of(InetAddress.getByName("2001:db8::5")), c.ip6().address());
        assertTrue(c.ip4().noCopyAddrs(), "-a implies --no-copy-addrs for its family in pasta");
        assertTrue(c.ip6().noCopyAddrs());
        assertTrue(c.ip6().noCopyRoutes(), "-g implies --no-copy-routes for its family in pasta");
        assertFalse(c.ip4().noCopyRoutes());
    }

    @Test
    void passtAddressDoesNotTouchCopyFlags() {
        Config c = build(Mode.PASST, b -> b.address("192.0.2.5"));
        assertFalse(c.ip4().noCopyAddrs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "255.255.255.255", "224.0.0.1", "::", "::1", "ff02::1",
            "::ffff:192.0.2.1", "example.com", "192.0.2"})
    void addressRejects(String text) {
        assertEquals("Invalid address: " + text, error(Mode.PASST, b -> b.address(text)));
    }

    @Test
    void outboundAllowsIpv4LoopbackButNotIpv6Loopback() throws Exception {
        assertEquals(Optional.of(InetAddress.getByName("127.0.0.1")), build(Mode.PASST, b -> b.outbound("127.0.0.1")).ip4().outbound());
        assertEquals("Invalid or redundant outbound address: ::1", error(Mode.PASST, b -> b.outbound("::1")));
    }

    @Test
    void dnsAccumulatesAndNoneClears() throws Exception {
        Config c = build(Mode.PASST, b -> {
            b.dns("192.0.2.53");
            b.dns("2001:db8::53");
        });
        assertEquals(List.of(InetAddress.getByName("192.0.2.53"), InetAddress.getByName("2001:db8::53")), c.dns().servers());
        assertFalse(c.dns().serversDisabled());

        Config none = build(Mode.PASST, b -> {
            b.dns("192.0.2.53");
            b.dnsForward("192.0.2.1");
            b.dns("none");
        });
        assertTrue(none.dns().servers().isEmpty());
        assertTrue(none.dns().serversDisabled());
        assertTrue(none.ip4().dnsForward().isEmpty(), "-D none drops DNS forwarding too");
        assertEquals("Cannot use DNS address nope", error(Mode.PASST, b -> b.dns("nope")));
    }

    @Test
    void searchListSplitsAndNoneClears() {
        assertEquals(List.of("a.example", "b.example", "c.example"),
                build(Mode.PASST, b -> {
                    b.search("a.example b.example");
                    b.search("c.example");
                }).dns().search());
        Config none = build(Mode.PASST, b -> {
            b.search("a.example");
            b.search("none");
        });
        assertTrue(none.dns().search().isEmpty());
        assertTrue(none.dns().searchDisabled());
    }

    @Test
    void dnsForwardAndHostPerFamily() throws Exception {
        Config c = build(Mode.PASTA, b -> {
            b.dnsForward("169.254.1.1");
            b.dnsForward("fd00::1");
            b.dnsHost("192.0.2.53");
        });
        assertEquals(Optional.of(InetAddress.getByName("169.254.1.1")), c.ip4().dnsForward());
        assertEquals(Optional.of(InetAddress.getByName("fd00::1")), c.ip6().dnsForward());
        assertEquals(Optional.of(InetAddress.getByName("192.0.2.53")), c.ip4().dnsHost());
        assertEquals("Invalid DNS forwarding address: 127.0.0.1", error(Mode.PASTA, b -> b.dnsForward("127.0.0.1")));
    }

    @Test
    void mapHostLoopbackNoneImpliesNoMapGw() throws Exception {
        Config c = build(Mode.PASTA, b -> {
            b.mapHostLoopback("192.0.2.2");
            b.mapHostLoopback("none");
        });
        assertTrue(c.ip4().mapHostLoopback().isEmpty());
        assertTrue(c.features().noMapGw());
        Config g = build(Mode.PASTA, b -> b.mapGuestAddr("169.254.1.2"));
        assertEquals(Optional.of(InetAddress.getByName("169.254.1.2")), g.ip4().mapGuestAddr());
        assertFalse(g.features().noMapGw());
        assertTrue(build(Mode.PASTA, b -> {
            b.mapGuestAddr("169.254.1.2");
            b.mapGuestAddr("none");
        }).ip4().mapGuestAddr().isEmpty());
    }

    @Test
    void verbosityOrderMatters() {
        LogConfig a = build(Mode.PASST, b -> {
            b.debug();
            b.quiet();
        }).log();
        assertTrue(a.quiet());
        assertFalse(a.debug());
        LogConfig t = build(Mode.PASST, b -> {
            b.quiet();
            b.trace();
        }).log();
        assertTrue(t.trace() && t.debug() && !t.quiet());
    }

    @Test
    void ipVersionsLastOneWins() {
        assertEquals(IpVersions.IPV6_ONLY, build(Mode.PASST, b -> {
            b.ipv4Only();
            b.ipv6Only();
        }).ipVersions());
    }

    @Test
    void logSizeMinimum() {
        assertEquals(40960, build(Mode.PASST, b -> b.logSize("40960")).log().logSize());
        assertEquals("Invalid --log-size: 4096", error(Mode.PASST, b -> b.logSize("4096")));
    }

    @Test
    void fdImpliesOneOffAndReplacesSocket() {
        Config c = build(Mode.PASST, b -> {
            b.socketPath("/x.socket");
            b.fd("5");
        });
        assertEquals(OptionalInt.of(5), c.passt().fd());
        assertTrue(c.passt().socketPath().isEmpty());
        assertTrue(c.passt().oneOff());
        assertEquals("Invalid --fd: 2", error(Mode.PASST, b -> b.fd("2")));
        Config s = build(Mode.PASST, b -> {
            b.fd("5");
            b.socketPath("/y.socket");
        });
        assertTrue(s.passt().fd().isEmpty());
        assertEquals(Optional.of("/y.socket"), s.passt().socketPath());
    }

    @Test
    void vhostUserIsRecorded() {
        assertTrue(build(Mode.PASST, ConfigBuilder::vhostUser).passt().vhostUser());
        assertFalse(build(Mode.PASST, b -> { }).passt().vhostUser());
    }

    @Test
    void netnsNameLivesUnderRunNetns() {
        PastaConfig p = build(Mode.PASTA, b -> b.netns("blue")).pasta();
        assertEquals(Optional.of("/run/netns/blue"), p.netns());
        assertTrue(p.netnsOnly(), "a netns without --userns joins no user namespace");
        assertEquals(Optional.of("/run/user/1000/netns/x"), build(Mode.PASTA, b -> b.netns("/run/user/1000/netns/x")).pasta().netns());
        assertFalse(build(Mode.PASTA, b -> {
            b.netns("blue");
            b.userns("/proc/1/ns/user");
        }).pasta().netnsOnly());
    }

    @Test
    void pidOperandSelectsItsNamespaces() {
        PastaConfig p = build(Mode.PASTA, b -> b.positional(List.of("1234"))).pasta();
        assertEquals(OptionalInt.of(1234), p.targetPid());
        assertEquals(Optional.of("/proc/1234/ns/net"), p.netns());
        assertEquals(Optional.of("/proc/1234/ns/user"), p.userns());
        assertFalse(p.netnsOnly());
        assertTrue(p.command().isEmpty());
        assertEquals("Invalid PID 99999999999", error(Mode.PASTA, b -> b.positional(List.of("99999999999"))));
    }

    @Test
    void otherOperandsAreACommand() {
        PastaConfig p = build(Mode.PASTA, b -> b.positional(List.of("1234", "x"))).pasta();
        assertEquals(List.of("1234", "x"), p.command());
        assertTrue(p.targetPid().isEmpty());
        assertTrue(p.netns().isEmpty());
        assertEquals("Both --netns and PID or command given", error(Mode.PASTA, b -> {
            b.netns("blue");
            b.positional(List.of("sh"));
        }));
    }

    @Test
    void passtTakesNoOperands() {
        assertEquals("Extra non-option argument: foo", error(Mode.PASST, b -> b.positional(List.of("foo"))));
    }

    @Test
    void copyOptionsNeedConfigNet() {
        assertEquals("--no-copy-routes needs --config-net", error(Mode.PASTA, ConfigBuilder::noCopyRoutes));
        assertEquals("--no-copy-addrs needs --config-net", error(Mode.PASTA, ConfigBuilder::noCopyAddrs));
        ConfigBuilder b = new ConfigBuilder(Mode.PASTA);
        b.configNet();
        b.noCopyAddrs();
        Config c = b.build();
        assertTrue(c.ip4().noCopyAddrs() && c.ip6().noCopyAddrs());
        assertEquals(List.of("--no-copy-addrs will be dropped soon"), b.warnings());
        assertTrue(c.features().noRa(), "--config-net sets addresses directly, no RA needed");
    }

    @Test
    void forwardingWithDisabledProtocol() {
        assertEquals("TCP port forwarding requested but TCP is disabled", error(Mode.PASTA, b -> {
            b.forward(ForwardOption.TCP_IN, "22");
            b.noTcp();
        }));
        assertEquals("UDP port forwarding requested but UDP is disabled", error(Mode.PASTA, b -> {
            b.noUdp();
            b.forward(ForwardOption.UDP_OUT, "auto");
        }));
        assertTrue(build(Mode.PASTA, b -> {
            b.noTcp();
            b.forward(ForwardOption.TCP_IN, "none");
        }).features().noTcp());
    }

    /** The options go into one rule table per side, as upstream 2026 reads them. */
    @Test
    void forwardingOptionsBuildTheRuleTables() {
        Config c = build(Mode.PASTA, b -> {
            b.forward(ForwardOption.TCP_IN, "2022");
            b.forward(ForwardOption.TCP_IN, "8000-8010,auto");
            b.forward(ForwardOption.TCP_IN, "0.0.0.0/5000:192.0.2.5/6000");
            b.forward(ForwardOption.UDP_OUT, "53");
        });
        assertEquals(List.of("TCP [*]:2022  =>  2022 ", "TCP [*]:8000-8010  =>  8000-8010  (auto-scan)",
                "TCP [0.0.0.0]:5000  =>  192.0.2.5:6000 "),
                c.forwarding().host().rules().stream().filter(r -> r.proto() == 6).map(Object::toString).toList());
        assertEquals(ForwardMode.AUTO, c.forwarding().udpIn().mode(), "-u not given: auto");
        assertEquals(ForwardMode.AUTO, c.forwarding().tcpOut().mode(), "-T not given: auto");
        assertEquals(List.of("UDP [*]%lo:53  =>  53 "), c.forwarding().udpOut().rules().stream().map(Object::toString).toList());
        assertEquals(6000, c.forwarding().tcpIn().targetPort(5000));
        assertTrue(error(Mode.PASTA, b -> {
            b.forward(ForwardOption.TCP_IN, "2022");
            b.forward(ForwardOption.TCP_IN, "auto");
        }).startsWith("Forwarding configuration conflict"), "as upstream: auto over every port conflicts with 2022");
        assertEquals("-T is for pasta mode only", error(Mode.PASST, b -> b.forward(ForwardOption.TCP_OUT, "22")));
        assertEquals("'auto' port forwarding is only allowed for pasta", error(Mode.PASST, b -> b.forward(ForwardOption.TCP_IN, "auto")));
        assertEquals(ForwardMode.ALL, build(Mode.PASTA, b -> b.forward(ForwardOption.TCP_IN, "all")).forwarding().tcpIn().mode());
    }

    @Test
    void interfaceNamesFitIfnamsiz() {
        assertEquals(Optional.of("eth0"), build(Mode.PASTA, b -> b.interfaceName("eth0")).interfaceName());
        assertEquals("Invalid interface name: 0123456789abcdef", error(Mode.PASTA, b -> b.nsIfname("0123456789abcdef")));
        assertEquals(Optional.of("ens3"), build(Mode.PASST, b -> b.outboundIf6("ens3")).ip6().outboundIf());
    }

    @Test
    void hostnameAndFqdn() {
        Config c = build(Mode.PASST, b -> {
            b.hostname("h");
            b.fqdn("h.example");
        });
        assertEquals(Optional.of("h"), c.hostname());
        assertEquals(Optional.of("h.example"), c.fqdn());
        assertEquals("Invalid hostname: ", error(Mode.PASST, b -> b.hostname("")));
    }

    @Test
    void runasKeptAsGiven() {
        assertEquals(Optional.of("nobody:nogroup"), build(Mode.PASST, b -> b.runas("nobody:nogroup")).runas());
    }
}

package io.jpasst.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.conf.ForwardMode;
import io.jpasst.engine.control.conf.MacAddress;
import io.jpasst.engine.control.conf.Mode;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The exact command lines podman and libvirt run must parse into what they mean. */
class CallerCommandLinesTest {
    private static Config ok(CliHarness r) {
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        assertEquals("", r.out());
        return r.config();
    }

    @Test
    void podmanDefault() throws Exception {
        Config c = ok(CliHarness.pasta("--config-net", "--dns-forward", "169.254.1.1", "-t", "none", "-u", "none",
                "-T", "none", "-U", "none", "--no-map-gw", "--quiet", "--netns", "/run/user/1000/netns/netns-x",
                "--map-guest-addr", "169.254.1.2"));
        assertEquals(Mode.PASTA, c.mode());
        assertTrue(c.pasta().configNet());
        assertEquals(Optional.of(InetAddress.getByName("169.254.1.1")), c.ip4().dnsForward());
        assertTrue(c.ip6().dnsForward().isEmpty());
        for (var spec : List.of(c.forwarding().tcpIn(), c.forwarding().udpIn(), c.forwarding().tcpOut(), c.forwarding().udpOut())) {
            assertEquals(ForwardMode.NONE, spec.mode());
        }
        assertTrue(c.features().noMapGw());
        assertTrue(c.log().quiet());
        assertFalse(c.log().foreground());
        assertEquals(Optional.of("/run/user/1000/netns/netns-x"), c.pasta().netns());
        assertTrue(c.pasta().netnsOnly(), "--netns without --userns stays in our user namespace");
        assertTrue(c.pasta().userns().isEmpty());
        assertTrue(c.pasta().command().isEmpty());
        assertEquals(Optional.of(InetAddress.getByName("169.254.1.2")), c.ip4().mapGuestAddr());
        assertFalse(c.dns().dhcpDns());
        assertEquals(65520, c.mtu());
    }

    @Test
    void podmanWithPortMappingsAndSharedPidFile() throws Exception {
        Config c = ok(CliHarness.pasta("--config-net", "-t", "8080-8080:80-80", "-t", "127.0.0.1/8443-8443:443-443",
                "-u", "5353-5353:53-53", "--pid", "/run/user/1000/rootless-netns/rootless-netns-conn.pid",
                "--dns-forward", "169.254.1.1", "-T", "none", "-U", "none", "--no-map-gw", "--quiet",
                "--netns", "/run/user/1000/netns/netns-y", "--map-guest-addr", "169.254.1.2"));
        assertEquals(80, c.forwarding().tcpIn().targetPort(8080));
        assertEquals(443, c.forwarding().tcpIn().targetPort(8443));
        assertEquals(Optional.of(InetAddress.getByName("127.0.0.1")),
                c.forwarding().tcpIn().ruleFor(8443).orElseThrow().bindAddress());
        assertEquals(53, c.forwarding().udpIn().targetPort(5353));
        assertEquals(2, c.forwarding().tcpIn().forwardedCount());
        assertEquals(Optional.of("/run/user/1000/rootless-netns/rootless-netns-conn.pid"), c.pidFile());
    }

    @Test
    void libvirt() throws Exception {
        Config c = ok(CliHarness.passt("--one-off", "--socket", "/x.socket", "--pid", "/x.pid", "--address", "192.0.2.5",
                "--netmask", "24", "--mtu", "1500", "--interface", "eth0", "--log-file", "/x.log", "--hostname", "h",
                "--fqdn", "h.example", "--tcp-ports", "2222:22", "--udp-ports", "5353", "--mac-addr", "52:54:00:01:02:03"));
        assertEquals(Mode.PASST, c.mode());
        assertTrue(c.passt().oneOff());
        assertEquals(Optional.of("/x.socket"), c.passt().socketPath());
        assertEquals(OptionalInt.empty(), c.passt().fd());
        assertEquals(Optional.of("/x.pid"), c.pidFile());
        assertEquals(Optional.of(InetAddress.getByName("192.0.2.5")), c.ip4().address());
        assertEquals(OptionalInt.of(24), c.ip4PrefixLength());
        assertEquals(1500, c.mtu());
        assertEquals(Optional.of("eth0"), c.interfaceName());
        assertEquals(Optional.of("/x.log"), c.log().logFile());
        assertEquals(Optional.of("h"), c.hostname());
        assertEquals(Optional.of("h.example"), c.fqdn());
        assertEquals(22, c.forwarding().tcpIn().targetPort(2222));
        assertEquals(1, c.forwarding().tcpIn().forwardedCount());
        assertEquals(5353, c.forwarding().udpIn().targetPort(5353));
        assertEquals(ForwardMode.NONE, c.forwarding().tcpOut().mode());
        assertEquals(Optional.of(MacAddress.parse("52:54:00:01:02:03")), c.mac());
        assertTrue(c.dns().dhcpDns(), "passt announces resolvers by default");
        assertFalse(c.log().foreground());
    }

    @Test
    void libvirtIpv6AndRichPortSpecs() throws Exception {
        Config c = ok(CliHarness.passt("--one-off", "--socket", "/x.socket", "--pid", "/x.pid",
                "--address", "192.0.2.5", "--netmask", "24", "--address", "2001:db8::5",
                "--tcp-ports", "192.0.2.1%eth0/~1-1023", "--udp-ports", "all"));
        assertEquals(Optional.of(InetAddress.getByName("2001:db8::5")), c.ip6().address());
        assertTrue(c.forwarding().tcpIn().isForwarded(1024));
        assertFalse(c.forwarding().tcpIn().isForwarded(80));
        assertEquals(ForwardMode.ALL, c.forwarding().udpIn().mode());
    }

    @Test
    void pastaCommandStopsOptionParsing() {
        Config c = ok(CliHarness.pasta("--config-net", "ip", "-br", "addr"));
        assertEquals(List.of("ip", "-br", "addr"), c.pasta().command());
        Config dashdash = ok(CliHarness.pasta("-f", "--", "-weird", "--mtu"));
        assertEquals(List.of("-weird", "--mtu"), dashdash.pasta().command());
        assertTrue(dashdash.log().foreground());
    }

    @Test
    void pastaPid() {
        Config c = ok(CliHarness.pasta("--config-net", "4242"));
        assertEquals(OptionalInt.of(4242), c.pasta().targetPid());
        assertEquals(Optional.of("/proc/4242/ns/net"), c.pasta().netns());
        assertEquals(Optional.of("/proc/4242/ns/user"), c.pasta().userns());
    }
}

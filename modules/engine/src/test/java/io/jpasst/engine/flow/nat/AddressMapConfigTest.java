package io.jpasst.engine.flow.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.control.conf.ConfigBuilder;
import io.jpasst.engine.control.conf.Mode;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The DNS rule of upstream a3d142a: a gateway that is the host's resolver keeps answering. */
class AddressMapConfigTest {
    private static final long GW = 0xc000_0201L;
    private static final long OTHER = 0xcb00_7135L;
    private static final long STUB = 0x7f00_0035L;

    private static AddressMap nat(Consumer<ConfigBuilder> options, List<String> host, List<String> told)
            throws Exception {
        ConfigBuilder b = new ConfigBuilder(Mode.PASTA);
        options.accept(b);
        return AddressMapConfig.of(b.build(), InetAddress.getByName("192.0.2.1"),
                InetAddress.getByName("2001:db8:1::1"), InetAddress.getByName("192.0.2.2"),
                InetAddress.getByName("2001:db8:1::2"), addresses(told), addresses(host), 0, 0);
    }

    private static List<InetAddress> addresses(List<String> text) throws Exception {
        List<InetAddress> all = new java.util.ArrayList<>();
        for (String t : text) {
            all.add(InetAddress.getByName(t));
        }
        return all;
    }

    /** Where a query of the guest to the gateway's port 53 (and port 80) goes. */
    private static long[] gatewayTo(AddressMap nat) {
        nat.toHost(false, 0, GW, 53);
        long dns = nat.lo();
        nat.toHost(false, 0, GW, 80);
        return new long[] {dns, nat.lo()};
    }

    @Test
    void gatewayThatIsTheResolverAnswersItsQueries() throws Exception {
        List<String> r = List.of("192.0.2.1", "203.0.113.53");
        long[] to = gatewayTo(nat(b -> { }, r, r));
        assertEquals(GW, to[0], "DNS stays with the gateway");
        assertEquals(0x7f00_0001L, to[1], "anything else still reaches the host's loopback");
    }

    @Test
    void aLaterResolverThatIsTheGatewayCountsTooAndTheFirstAnswers() throws Exception {
        List<String> r = List.of("203.0.113.53", "192.0.2.1");
        assertEquals(OTHER, gatewayTo(nat(b -> { }, r, r))[0]);
    }

    @Test
    void aLoopbackStubResolverIsReachedThroughTheGateway() throws Exception {
        List<String> r = List.of("127.0.0.53");
        assertEquals(STUB, gatewayTo(nat(b -> { }, r, r))[0]);
    }

    @Test
    void otherResolversLeaveTheGatewayToTheHostsLoopback() throws Exception {
        List<String> r = List.of("203.0.113.53");
        assertEquals(0x7f00_0001L, gatewayTo(nat(b -> { }, r, r))[0]);
    }

    @Test
    void resolversGivenWithDashDAreNotTheHostsOwn() throws Exception {
        assertEquals(0x7f00_0001L, gatewayTo(nat(b -> { }, List.of(), List.of("192.0.2.1")))[0]);
    }

    @Test
    void withoutLoopbackAliasNothingChangesAndDnsForwardWins() throws Exception {
        List<String> r = List.of("192.0.2.1");
        AddressMap noGw = nat(ConfigBuilder::noMapGw, r, r);
        noGw.toHost(false, 0, GW, 53);
        assertEquals(GW, noGw.lo());
        AddressMap fwd = nat(b -> b.dnsForward("192.0.2.3"), r, r);
        assertTrue(fwd.toHost(false, 0, 0xc000_0203L, 53));
        assertEquals(GW, fwd.lo());
        assertEquals(0x7f00_0001L, gatewayTo(fwd)[0]);
    }
}

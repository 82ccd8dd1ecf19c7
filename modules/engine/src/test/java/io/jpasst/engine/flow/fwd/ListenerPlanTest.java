package io.jpasst.engine.flow.fwd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jpasst.engine.control.conf.ForwardOption;
import io.jpasst.engine.control.conf.ForwardSpec;
import io.jpasst.engine.control.conf.ForwardSpecBuilder;
import io.jpasst.engine.control.conf.Mode;
import io.jpasst.engine.control.conf.PortRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerPlanTest {
    private static List<String> plan(ForwardOption option, boolean ip4, boolean ip6, String... values) {
        ForwardSpec spec = ForwardSpecBuilder.parse(Mode.PASTA, option, values);
        Side side = option.inbound() ? Side.HOST : Side.NAMESPACE;
        return ListenerPlan.of(spec, side, ip4, ip6).stream().map(Endpoint::toString).toList();
    }

    @Test
    void wildcardIsOneDualStackSocketPerPort() {
        assertEquals(List.of("[::]/dual:80", "[::]/dual:81", "[::]/dual:82"), plan(ForwardOption.TCP_IN, true, true, "80-82"));
    }

    @Test
    void singleFamilyWildcards() {
        assertEquals(List.of("0.0.0.0:80"), plan(ForwardOption.TCP_IN, true, false, "80"));
        assertEquals(List.of("[::]:80"), plan(ForwardOption.TCP_IN, false, true, "80"));
    }

    @Test
    void bindAddressAndInterface() {
        assertEquals(List.of("127.0.0.1:8080"), plan(ForwardOption.TCP_IN, true, true, "127.0.0.1/8080"));
        assertEquals(List.of("[0:0:0:0:0:0:0:1]:8080"), plan(ForwardOption.TCP_IN, true, true, "::1/8080"));
        assertEquals(List.of("[::]/dual%lo:22"), plan(ForwardOption.TCP_IN, true, true, "%lo/22"));
        // an address of a disabled family binds nothing
        assertEquals(List.of(), plan(ForwardOption.TCP_IN, false, true, "127.0.0.1/8080"));
    }

    @Test
    void exclusionsChooseListeningPorts() {
        assertEquals(List.of("0.0.0.0:5010", "0.0.0.0:5012"), plan(ForwardOption.TCP_IN, true, false, "5010-5012,~5011"));
    }

    @Test
    void translationListensOnTheSourcePorts() {
        assertEquals(List.of("0.0.0.0:5010", "0.0.0.0:5011"), plan(ForwardOption.TCP_IN, true, false, "5010-5011:6010-6011"));
    }

    @Test
    void bestEffortSpecsSkipEphemeralPorts() {
        ForwardSpec spec = ForwardSpecBuilder.parse(Mode.PASTA, ForwardOption.TCP_IN, "~1-60000");
        List<Endpoint> plan = ListenerPlan.of(spec, Side.HOST, true, false, new PortRange(61000, 65535));
        assertEquals(List.of("0.0.0.0:60001", "0.0.0.0:60999"),
                List.of(plan.get(0).toString(), plan.get(plan.size() - 1).toString()));
    }

    @Test
    void namespaceSideListensOnLoopbackPerFamily() {
        assertEquals(List.of("127.0.0.1:53", "[0:0:0:0:0:0:0:1]:53"), plan(ForwardOption.TCP_OUT, true, true, "53"));
        assertEquals(List.of("127.0.0.1:53"), plan(ForwardOption.TCP_OUT, true, false, "53"));
    }

    @Test
    void noneAndAutoBindNothingUpFront() {
        assertEquals(List.of(), plan(ForwardOption.TCP_IN, true, true, "none"));
        assertEquals(List.of(), plan(ForwardOption.TCP_IN, true, true, "auto"));
        assertEquals(List.of("[::]/dual:8080"),
                ListenerPlan.forPort(8080, Side.HOST, true, true).stream().map(Endpoint::toString).toList());
    }

    @Test
    void slotsKeepTwoSocketsOfOnePortApart() {
        List<Endpoint> ns = ListenerPlan.forPort(53, Side.NAMESPACE, true, true);
        assertEquals(Endpoint.SLOT_V4_OR_DUAL, ns.get(0).slot());
        assertEquals(Endpoint.SLOT_V6, ns.get(1).slot());
    }
}

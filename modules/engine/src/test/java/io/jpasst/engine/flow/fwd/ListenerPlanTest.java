package io.jpasst.engine.flow.fwd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jpasst.engine.control.conf.ForwardOption;
import io.jpasst.engine.flow.rules.Rule;
import io.jpasst.engine.flow.rules.RuleParser;
import io.jpasst.engine.flow.rules.RuleTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerPlanTest {
    /**
     * pasta's rules for {@code values} of {@code option}, read with both IP versions (the
     * plan drops what a disabled one asks for). The namespace side's table here cannot bind to
     * a device, so -T/-U rules are 127.0.0.1 and ::1, as on kernels before 5.7.
     */
    private static List<Rule> rules(ForwardOption option, boolean ip4, boolean ip6, int ephemeralFirst, String... values) {
        int caps = RuleTable.CAP_IPV4 | RuleTable.CAP_IPV6 | RuleTable.CAP_TCP
                | RuleTable.CAP_UDP | RuleTable.CAP_SCAN | (option.inbound() ? RuleTable.CAP_IFNAME : 0);
        RuleTable t = new RuleTable(caps);
        for (String v : values) {
            new RuleParser(ephemeralFirst, 65535).parse(option.letter(), false, v, t);
        }
        return t.rules();
    }

    private static List<String> plan(ForwardOption option, boolean ip4, boolean ip6, String... values) {
        return ListenerPlan.of(rules(option, ip4, ip6, 61000, values), Rule.TCP, ip4, ip6).stream()
                .map(Endpoint::toString).toList();
    }

    private static List<Endpoint> forPort(ForwardOption option, int port) {
        List<Rule> rules = rules(option, true, true, 61000, "auto");
        List<Endpoint> out = new java.util.ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            if (port >= rules.get(i).first() && port <= rules.get(i).last()) {
                out.addAll(ListenerPlan.forPort(rules.get(i), i, port, true, true));
            }
        }
        return out;
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
        List<Endpoint> plan = ListenerPlan.of(rules(ForwardOption.TCP_IN, true, false, 61000, "~1-60000"), Rule.TCP,
                true, false);
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
                forPort(ForwardOption.TCP_IN, 8080).stream().map(Endpoint::toString).toList());
    }

    @Test
    void slotsKeepTwoSocketsOfOnePortApart() {
        List<Endpoint> ns = forPort(ForwardOption.TCP_OUT, 53);
        assertEquals(Endpoint.SLOT_V4_OR_DUAL, ns.get(0).slot());
        assertEquals(Endpoint.SLOT_V6, ns.get(1).slot());
    }
}

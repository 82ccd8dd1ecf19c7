package io.jpasst.engine.runtime.app;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.conf.ConfigException;
import io.jpasst.engine.control.conf.ForwardOption;
import io.jpasst.engine.control.conf.ForwardSpec;
import io.jpasst.engine.control.conf.ForwardSpecBuilder;
import io.jpasst.engine.control.conf.Forwarding;
import io.jpasst.engine.control.conf.Mode;
import io.jpasst.engine.control.pesto.ControlSocket;
import io.jpasst.engine.flow.fwd.TcpForwarding;
import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.flow.rules.RuleParser;
import io.jpasst.engine.flow.rules.RuleTable;
import io.jpasst.engine.proto.udp.UdpFlows;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -c}: builds the rule tables pesto sees from the forwarding options (pasta's unset
 * options are {@code auto}, as at start), opens the control socket, and applies the tables
 * it receives to the TCP and UDP listeners.
 */
final class Control {
    private Control() {}

    static void start(Config config, EventLoop loop, TcpForwarding tcp, UdpFlows udp) {
        if (config.forwarding().controlPath().isEmpty()) {
            return;
        }
        boolean pasta = config.mode() == Mode.PASTA;
        int caps = (config.ipVersions().ipv4() ? RuleTable.CAP_IPV4 : 0) | (config.ipVersions().ipv6() ? RuleTable.CAP_IPV6 : 0)
                | (config.features().noTcp() ? 0 : RuleTable.CAP_TCP) | (config.features().noUdp() ? 0 : RuleTable.CAP_UDP)
                | (pasta ? RuleTable.CAP_SCAN : 0) | RuleTable.CAP_IFNAME;
        RuleTable host = new RuleTable(caps);
        RuleTable splice = pasta ? new RuleTable(caps) : null;
        fill(config, host, splice);
        ControlSocket.open(loop, config.forwarding().controlPath().get(), host, splice, (h, s) -> {
            List<io.jpasst.engine.flow.rules.Rule> out = s == null ? List.of() : s.rules();
            if (tcp != null) {
                tcp.reconfigure(spec(config, ForwardOption.TCP_IN, h.rules()), spec(config, ForwardOption.TCP_OUT, out));
            }
            if (udp != null) {
                udp.reconfigure(spec(config, ForwardOption.UDP_IN, h.rules()), spec(config, ForwardOption.UDP_OUT, out));
            }
        });
    }

    private static ForwardSpec spec(Config config, ForwardOption option, List<io.jpasst.engine.flow.rules.Rule> rules) {
        return ForwardSpecBuilder.fromRules(config.mode(), option, rules);
    }

    /** The tables of the options as given; a value the table model refuses is logged and left out. */
    private static void fill(Config config, RuleTable host, RuleTable splice) {
        RuleParser parser = RuleParser.forThisHost();
        Set<ForwardOption> given = EnumSet.noneOf(ForwardOption.class);
        for (Forwarding.Given g : config.forwarding().given()) {
            given.add(g.option());
            add(parser, g.option(), g.spec(), host, splice);
        }
        if (splice != null) { // pasta: what is not given follows the other side
            for (ForwardOption o : ForwardOption.values()) {
                boolean disabled = o.tcp() ? config.features().noTcp() : config.features().noUdp();
                if (!given.contains(o) && !disabled && (o.inbound() || !config.features().noSplice())) {
                    add(parser, o, "auto", host, splice);
                }
            }
        }
    }

    private static void add(RuleParser parser, ForwardOption o, String spec, RuleTable host, RuleTable splice) {
        RuleTable t = o.inbound() ? host : splice;
        if (t == null) {
            return;
        }
        try {
            parser.parse(o.letter(), false, spec, t);
        } catch (ConfigException e) {
            Log.warn("Control socket: " + o.flag() + " " + spec + " not listed: " + e.getMessage());
        }
    }
}

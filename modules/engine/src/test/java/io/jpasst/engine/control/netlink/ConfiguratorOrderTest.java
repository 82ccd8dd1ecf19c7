package io.jpasst.engine.control.netlink;

import io.jpasst.engine.control.conf.MacAddress;
import io.jpasst.sys.Errno;
import io.jpasst.engine.control.netlink.FakeKernel.Reply;
import io.jpasst.sys.Rtnl;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order of the configuration steps and the handling of rejected routes, checked on the
 * requests sent to a scripted kernel that accepts everything except routes via 192.0.2.99.
 */
class ConfiguratorOrderTest {
    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static final int TAP = 5;

    private static boolean isBadRoute(Message req) {
        if (req.type() != Rtnl.RTM_NEWROUTE) {
            return false;
        }
        AttrCursor a = req.attributes(Rtnl.RTMSG_SIZE);
        while (a.next()) {
            if (a.type() == Rtnl.RTA_GATEWAY && a.address().getHostAddress().equals("192.0.2.99")) {
                return true;
            }
        }
        return false;
    }

    private static FakeKernel kernel() {
        return new FakeKernel((req, r) -> {
            int s = req.seq();
            if (req.type() == Rtnl.RTM_GETLINK) {
                RequestWriter w = Reply.writer().begin(Rtnl.RTM_NEWLINK, 0, s);
                LinkCodec.header(w, TAP, 0, 0).attrString(Rtnl.IFLA_IFNAME, "tap0")
                        .attr(Rtnl.IFLA_ADDRESS,
                        MacAddress.parse("02:00:00:00:00:05").toBytes());
                r.datagram(Reply.of(w), Reply.error(s, 0));
            } else if ((req.flags() & Rtnl.NLM_F_DUMP) == Rtnl.NLM_F_DUMP) {
                r.datagram(Reply.done(s));
            } else {
                r.datagram(Reply.error(s, isBadRoute(req) ? Errno.ENETUNREACH : 0));
            }
        });
    }

    @Test
    void stepsInOrderAndBadRoutesOnlyWarn() throws Exception {
        Route direct = new Route(IpFamily.IPV4, ip("192.0.2.0"), 24, null, 2, -1,
                Rtnl.RT_TABLE_MAIN, Rtnl.RTPROT_KERNEL, Rtnl.RT_SCOPE_LINK, Rtnl.RTN_UNICAST, 0,
                List.of());
        Route viaBad = Route.unicast(IpFamily.IPV4, ip("203.0.113.0"), 24, ip("192.0.2.99"), 2);
        Route dflt = Route.unicast(IpFamily.IPV4, null, 0, ip("192.0.2.1"), 2);
        Route elsewhere = Route.unicast(IpFamily.IPV4, ip("198.51.100.0"), 24, null, 3);
        TemplateInterface t = new TemplateInterface(IpFamily.IPV4, 2, "eth0", 1500, null,
                new IfAddress(2, ip("192.0.2.10"), 24, 0, 0), ip("192.0.2.1"),
                List.of(new IfAddress(2, ip("192.0.2.10"), 24, 0, 0)),
                List.of(dflt, viaBad, direct, elsewhere));
        FakeKernel k = kernel();
        List<String> warnings = new ArrayList<>();
        NamespaceConfigurator.Result res = new NamespaceConfigurator(new Rtnetlink(k), warnings::add)
                .configure(TAP, new HostNetwork(t, null), new NamespaceSettings(
                        FamilySettings.COPY_FROM_HOST, FamilySettings.DISABLED, 65520,
                        MacAddress.parse("02:00:00:00:00:05")));

        assertEquals(MacAddress.parse("02:00:00:00:00:05"), res.tapMac());
        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals("Couldn't set IPv4 route 203.0.113.0/24 via 192.0.2.99 dev tap0 in namespace: "
                + io.jpasst.sys.Errno.message(io.jpasst.sys.Errno.ENETUNREACH), warnings.get(0));

        List<String> steps = new ArrayList<>();
        for (Message m : k.sent()) {
            steps.add(describe(m));
        }
        // the tap's name (for warnings), lo up, MAC, MTU, tap up, address, then direct route
        // before gateway routes; the rejected route is retried once after the pass that made
        // progress; finally the tap's MAC is read back
        assertEquals(List.of("getlink", "link 1", "link 5", "link 5", "link 5", "addr", "route direct",
                "route gw", "route gw", "route gw", "getlink"), steps);
    }

    private static String describe(Message m) {
        if (m.type() == Rtnl.RTM_NEWLINK) {
            return "link " + m.i32(Rtnl.IFI_INDEX_OFF);
        }
        if (m.type() == Rtnl.RTM_NEWADDR) {
            return "addr";
        }
        if (m.type() == Rtnl.RTM_NEWROUTE) {
            AttrCursor a = m.attributes(Rtnl.RTMSG_SIZE);
            while (a.next()) {
                if (a.type() == Rtnl.RTA_GATEWAY) {
                    return "route gw";
                }
            }
            return "route direct";
        }
        return m.type() == Rtnl.RTM_GETLINK ? "getlink" : "type " + m.type();
    }
}

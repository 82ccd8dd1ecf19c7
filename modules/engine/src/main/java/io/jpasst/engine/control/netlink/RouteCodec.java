package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Rtnl;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * RTM_*ROUTE messages: reading a route (multipath included) out of RTM_NEWROUTE, and writing
 * the request that adds one.
 */
final class RouteCodec {
    private RouteCodec() {}

    /** The route an RTM_NEWROUTE reply describes, or null for a family other than IP. */
    static Route parse(Message m) {
        AttrCursor a = m.attributes(Rtnl.RTMSG_SIZE);
        IpFamily family = IpFamily.ofAf(m.u8(Rtnl.RTM_FAMILY_OFF));
        if (family == null) {
            return null;
        }
        int table = m.u8(Rtnl.RTM_TABLE_OFF);
        InetAddress dst = null;
        InetAddress gw = null;
        int oif = 0;
        int priority = -1;
        List<NextHop> hops = List.of();
        while (a.next()) {
            int t = a.type();
            if (t == Rtnl.RTA_DST) {
                dst = a.address();
            } else if (t == Rtnl.RTA_GATEWAY) {
                gw = a.address();
            } else if (t == Rtnl.RTA_OIF) {
                oif = a.i32();
            } else if (t == Rtnl.RTA_PRIORITY) {
                priority = a.i32();
            } else if (t == Rtnl.RTA_TABLE) {
                table = a.i32();
            } else if (t == Rtnl.RTA_MULTIPATH) {
                hops = parseNextHops(a.nextHops());
            }
        }
        return new Route(family, dst, m.u8(Rtnl.RTM_DST_LEN_OFF), gw, oif, priority, table,
                m.u8(Rtnl.RTM_PROTOCOL_OFF), m.u8(Rtnl.RTM_SCOPE_OFF), m.u8(Rtnl.RTM_TYPE_OFF),
                m.i32(Rtnl.RTM_FLAGS_OFF), hops);
    }

    private static List<NextHop> parseNextHops(NextHopCursor c) {
        List<NextHop> hops = new ArrayList<>();
        while (c.next()) {
            InetAddress gw = null;
            AttrCursor a = c.attributes();
            while (a.next()) {
                if (a.type() == Rtnl.RTA_GATEWAY) {
                    gw = a.address();
                }
            }
            hops.add(new NextHop(c.ifIndex(), gw, c.hops() + 1, c.flags()));
        }
        return hops;
    }

    /** Writes the rtmsg of a dump of one family's routes. */
    static RequestWriter dumpHeader(RequestWriter w, IpFamily family) {
        int s = w.reserve(Rtnl.RTMSG_SIZE);
        return w.u8(s + Rtnl.RTM_FAMILY_OFF, family.af());
    }

    /** Writes a request body adding {@code r}. */
    static RequestWriter add(RequestWriter w, Route r) {
        int s = w.reserve(Rtnl.RTMSG_SIZE);
        w.u8(s + Rtnl.RTM_FAMILY_OFF, r.family().af())
                .u8(s + Rtnl.RTM_DST_LEN_OFF, r.prefixLength())
                .u8(s + Rtnl.RTM_TABLE_OFF, r.table() < 256 ? r.table() : 0)
                .u8(s + Rtnl.RTM_PROTOCOL_OFF, r.protocol())
                .u8(s + Rtnl.RTM_SCOPE_OFF, r.scope())
                .u8(s + Rtnl.RTM_TYPE_OFF, r.type())
                .i32(s + Rtnl.RTM_FLAGS_OFF, r.flags() & Rtnl.RTNH_F_ONLINK);
        if (r.table() >= 256) {
            w.attrI32(Rtnl.RTA_TABLE, r.table());
        }
        if (r.destination() != null) {
            w.attr(Rtnl.RTA_DST, r.destination().getAddress());
        }
        if (r.oif() != 0) {
            w.attrI32(Rtnl.RTA_OIF, r.oif());
        }
        if (r.gateway() != null) {
            w.attr(Rtnl.RTA_GATEWAY, r.gateway().getAddress());
        }
        if (r.priority() >= 0) {
            w.attrI32(Rtnl.RTA_PRIORITY, r.priority());
        }
        if (!r.nextHops().isEmpty()) {
            int mp = w.beginNested(Rtnl.RTA_MULTIPATH);
            for (NextHop h : r.nextHops()) {
                int nh = w.beginNextHop(h.flags() & Rtnl.RTNH_F_ONLINK, h.weight() - 1,
                        h.ifIndex());
                if (h.gateway() != null) {
                    w.attr(Rtnl.RTA_GATEWAY, h.gateway().getAddress());
                }
                w.end(nh);
            }
            w.end(mp);
        }
        return w;
    }
}

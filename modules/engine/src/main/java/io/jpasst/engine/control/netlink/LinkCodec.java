package io.jpasst.engine.control.netlink;

import io.jpasst.engine.control.conf.MacAddress;
import io.jpasst.sys.Rtnl;

/**
 * RTM_*LINK messages: reading a link out of RTM_NEWLINK, and writing the ifinfomsg of a
 * request (query or change of one link).
 */
final class LinkCodec {
    private LinkCodec() {}

    /** The link an RTM_NEWLINK reply describes. */
    static Link parse(Message m) {
        AttrCursor a = m.attributes(Rtnl.IFINFOMSG_SIZE);
        int index = m.i32(Rtnl.IFI_INDEX_OFF);
        int flags = m.i32(Rtnl.IFI_FLAGS_OFF);
        String name = null;
        int mtu = 0;
        MacAddress mac = null;
        while (a.next()) {
            int t = a.type();
            if (t == Rtnl.IFLA_IFNAME) {
                name = a.string();
            } else if (t == Rtnl.IFLA_MTU) {
                mtu = a.i32();
            } else if (t == Rtnl.IFLA_ADDRESS && a.valueLength() == MacAddress.LENGTH) {
                mac = MacAddress.of(a.bytes());
            }
        }
        return new Link(index, name, flags, mtu, mac);
    }

    /** Writes an ifinfomsg for link {@code index} with the given flag changes. */
    static RequestWriter header(RequestWriter w, int index, int flags, int change) {
        int s = w.reserve(Rtnl.IFINFOMSG_SIZE);
        return w.i32(s + Rtnl.IFI_INDEX_OFF, index)
                .i32(s + Rtnl.IFI_FLAGS_OFF, flags)
                .i32(s + Rtnl.IFI_CHANGE_OFF, change);
    }
}

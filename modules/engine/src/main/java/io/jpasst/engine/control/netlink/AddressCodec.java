package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Rtnl;

import java.net.InetAddress;

/**
 * RTM_*ADDR messages: reading an interface address out of RTM_NEWADDR and writing the
 * request that assigns one.
 */
final class AddressCodec {
    private AddressCodec() {}

    /**
     * The address an RTM_NEWADDR reply describes, or null if it carries none we understand.
     * For IPv4 the local address (IFA_LOCAL) is the interface's own one; IFA_ADDRESS is the
     * peer on point-to-point links. IPv6 only sends IFA_ADDRESS.
     */
    static IfAddress parse(Message m) {
        AttrCursor a = m.attributes(Rtnl.IFADDRMSG_SIZE);
        int flags = m.u8(Rtnl.IFA_FLAGS_OFF);
        InetAddress local = null;
        InetAddress address = null;
        while (a.next()) {
            int t = a.type();
            if (t == Rtnl.IFA_LOCAL) {
                local = a.address();
            } else if (t == Rtnl.IFA_ADDRESS) {
                address = a.address();
            } else if (t == Rtnl.IFA_FLAGS) {
                flags = a.i32();
            }
        }
        InetAddress own = local != null ? local : address;
        if (own == null) {
            return null;
        }
        return new IfAddress(m.i32(Rtnl.IFA_INDEX_OFF), own, m.u8(Rtnl.IFA_PREFIXLEN_OFF),
                m.u8(Rtnl.IFA_SCOPE_OFF), flags);
    }

    /** Writes the ifaddrmsg of a dump filtered (by the kernel, if it cares) to one family. */
    static RequestWriter dumpHeader(RequestWriter w, IpFamily family) {
        int s = w.reserve(Rtnl.IFADDRMSG_SIZE);
        return w.u8(s + Rtnl.IFA_FAMILY_OFF, family.af());
    }

    /**
     * Writes a request body assigning {@code address/prefixLength} to link {@code index}.
     * Flags go both in the 8-bit header field and in IFA_FLAGS, which carries the bits the
     * header has no room for (IFA_F_NOPREFIXROUTE).
     */
    static RequestWriter assign(RequestWriter w, int index, InetAddress address, int prefixLength,
                                int scope, int flags) {
        IpFamily family = IpFamily.of(address);
        int s = w.reserve(Rtnl.IFADDRMSG_SIZE);
        w.u8(s + Rtnl.IFA_FAMILY_OFF, family.af())
                .u8(s + Rtnl.IFA_PREFIXLEN_OFF, prefixLength)
                .u8(s + Rtnl.IFA_FLAGS_OFF, flags & 0xff)
                .u8(s + Rtnl.IFA_SCOPE_OFF, scope)
                .i32(s + Rtnl.IFA_INDEX_OFF, index);
        byte[] raw = address.getAddress();
        w.attr(Rtnl.IFA_LOCAL, raw).attr(Rtnl.IFA_ADDRESS, raw);
        return w.attrI32(Rtnl.IFA_FLAGS, flags);
    }
}

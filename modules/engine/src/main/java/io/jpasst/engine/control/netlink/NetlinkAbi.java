package io.jpasst.engine.control.netlink;

/**
 * The netlink framing rules the UAPI headers express as macros (NLMSG_ALIGN, RTA_ALIGN,
 * NLA_TYPE_MASK) rather than as constants the native layer exports.
 */
final class NetlinkAbi {
    private NetlinkAbi() {}

    /** Attribute type bits that are not flags (NLA_F_NESTED, NLA_F_NET_BYTEORDER). */
    static final int NLA_TYPE_MASK = 0x3fff;

    /** Netlink's 4-byte alignment of messages, attributes and nexthops. */
    static int align(int len) {
        return (len + 3) & ~3;
    }
}

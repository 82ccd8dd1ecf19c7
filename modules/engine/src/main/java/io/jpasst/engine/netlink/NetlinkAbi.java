package io.jpasst.engine.netlink;

/**
 * Kernel ABI values this package needs beyond what {@code io.jpasst.sys.Rtnl} exports: message
 * flags seen only in replies, interface and address flag bits, and the errno values that the
 * configuration logic treats specially. They are fixed by the Linux UAPI, not by libc.
 */
final class NetlinkAbi {
    private NetlinkAbi() {}

    /** Multi-part reply, and "the dump changed while we read it: start again". */
    static final int NLM_F_MULTI = 0x2;
    static final int NLM_F_DUMP_INTR = 0x10;

    static final int NLMSG_NOOP = 1;
    static final int NLMSG_OVERRUN = 4;

    /** Attribute type bits that are flags, not part of the type. */
    static final int NLA_TYPE_MASK = 0x3fff;
    static final int NLA_F_NESTED = 0x8000;

    static final int IFF_UP = 0x1;
    static final int IFF_NOARP = 0x80;

    static final int IFA_F_DEPRECATED = 0x20;
    static final int IFA_F_NOPREFIXROUTE = 0x200;

    /** rtm_flags / rtnh_flags: the gateway is reachable on the link even without a covering prefix. */
    static final int RTNH_F_ONLINK = 0x4;

    /** recv() flag: return the real datagram length so truncation can be detected. */
    static final int MSG_TRUNC = 0x20;

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    static final int EINTR = 4;
    static final int EEXIST = 17;
    static final int ENODEV = 19;
    static final int ENETUNREACH = 101;
    static final int EHOSTUNREACH = 113;
    static final int EPROTO = 71;
    static final int EMSGSIZE = 90;

    /** Netlink's 4-byte alignment of messages, attributes and nexthops. */
    static int align(int len) {
        return (len + 3) & ~3;
    }
}

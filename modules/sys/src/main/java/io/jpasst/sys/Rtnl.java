package io.jpasst.sys;

import io.jpasst.sys.gen.netlink.ifaddrmsg;
import io.jpasst.sys.gen.netlink.ifinfomsg;
import io.jpasst.sys.gen.netlink.netlink_h;
import io.jpasst.sys.gen.netlink.nlmsgerr;
import io.jpasst.sys.gen.netlink.nlmsghdr;
import io.jpasst.sys.gen.netlink.rtattr;
import io.jpasst.sys.gen.netlink.rtmsg;
import io.jpasst.sys.gen.netlink.rtnexthop;

/**
 * rtnetlink vocabulary for the message builder/parser in the engine: the constants it uses,
 * under their C macro names (add one here when the engine needs it; the generated
 * {@code netlink_h} has them all), and the geometry (sizes, field offsets) of the fixed
 * headers. No I/O here: a netlink socket is a {@link Sock} with {@link SockAddr#writeNl}
 * addresses. The fields are not compile-time constants (they come from the generated bindings),
 * so they cannot be case labels.
 */
public final class Rtnl {
    private Rtnl() {}

    // struct nlmsghdr
    public static final int NLMSG_LEN_OFF = (int) nlmsghdr.nlmsg_len$offset();
    public static final int NLMSG_TYPE_OFF = (int) nlmsghdr.nlmsg_type$offset();
    public static final int NLMSG_FLAGS_OFF = (int) nlmsghdr.nlmsg_flags$offset();
    public static final int NLMSG_SEQ_OFF = (int) nlmsghdr.nlmsg_seq$offset();

    // struct nlmsgerr (payload of NLMSG_ERROR; error 0 is an ACK)
    public static final int NLMSGERR_SIZE = (int) nlmsgerr.sizeof();
    public static final int NLMSGERR_ERROR_OFF = (int) nlmsgerr.error$offset();
    public static final int NLMSGERR_MSG_OFF = (int) nlmsgerr.msg$offset();

    // struct ifinfomsg
    public static final int IFINFOMSG_SIZE = (int) ifinfomsg.sizeof();
    public static final int IFI_INDEX_OFF = (int) ifinfomsg.ifi_index$offset();
    public static final int IFI_FLAGS_OFF = (int) ifinfomsg.ifi_flags$offset();
    public static final int IFI_CHANGE_OFF = (int) ifinfomsg.ifi_change$offset();

    // struct ifaddrmsg
    public static final int IFADDRMSG_SIZE = (int) ifaddrmsg.sizeof();
    public static final int IFA_FAMILY_OFF = (int) ifaddrmsg.ifa_family$offset();
    public static final int IFA_PREFIXLEN_OFF = (int) ifaddrmsg.ifa_prefixlen$offset();
    public static final int IFA_FLAGS_OFF = (int) ifaddrmsg.ifa_flags$offset();
    public static final int IFA_SCOPE_OFF = (int) ifaddrmsg.ifa_scope$offset();
    public static final int IFA_INDEX_OFF = (int) ifaddrmsg.ifa_index$offset();

    // struct rtmsg
    public static final int RTMSG_SIZE = (int) rtmsg.sizeof();
    public static final int RTM_FAMILY_OFF = (int) rtmsg.rtm_family$offset();
    public static final int RTM_DST_LEN_OFF = (int) rtmsg.rtm_dst_len$offset();
    public static final int RTM_TABLE_OFF = (int) rtmsg.rtm_table$offset();
    public static final int RTM_PROTOCOL_OFF = (int) rtmsg.rtm_protocol$offset();
    public static final int RTM_SCOPE_OFF = (int) rtmsg.rtm_scope$offset();
    public static final int RTM_TYPE_OFF = (int) rtmsg.rtm_type$offset();
    public static final int RTM_FLAGS_OFF = (int) rtmsg.rtm_flags$offset();

    // struct rtattr (attributes are RTA_ALIGNTO-aligned)
    public static final int RTATTR_SIZE = (int) rtattr.sizeof();
    public static final int RTA_LEN_OFF = (int) rtattr.rta_len$offset();
    public static final int RTA_TYPE_OFF = (int) rtattr.rta_type$offset();

    // struct rtnexthop (RTA_MULTIPATH entries)
    public static final int RTNEXTHOP_SIZE = (int) rtnexthop.sizeof();
    public static final int RTNH_FLAGS_OFF = (int) rtnexthop.rtnh_flags$offset();
    public static final int RTNH_HOPS_OFF = (int) rtnexthop.rtnh_hops$offset();
    public static final int RTNH_IFINDEX_OFF = (int) rtnexthop.rtnh_ifindex$offset();

    // NETLINK_*
    public static final int NETLINK_CAP_ACK = netlink_h.NETLINK_CAP_ACK();
    public static final int NETLINK_EXT_ACK = netlink_h.NETLINK_EXT_ACK();
    public static final int NETLINK_ROUTE = netlink_h.NETLINK_ROUTE();

    // SOL_NETLINK*
    public static final int SOL_NETLINK = netlink_h.SOL_NETLINK();

    // NLM_F_*
    public static final int NLM_F_ACK = netlink_h.NLM_F_ACK();
    public static final int NLM_F_ACK_TLVS = netlink_h.NLM_F_ACK_TLVS();
    public static final int NLM_F_CAPPED = netlink_h.NLM_F_CAPPED();
    public static final int NLM_F_CREATE = netlink_h.NLM_F_CREATE();
    public static final int NLM_F_DUMP = netlink_h.NLM_F_DUMP();
    public static final int NLM_F_DUMP_INTR = netlink_h.NLM_F_DUMP_INTR();
    public static final int NLM_F_EXCL = netlink_h.NLM_F_EXCL();
    public static final int NLM_F_MULTI = netlink_h.NLM_F_MULTI();
    public static final int NLM_F_REPLACE = netlink_h.NLM_F_REPLACE();
    public static final int NLM_F_REQUEST = netlink_h.NLM_F_REQUEST();

    // NLMSG_*
    public static final int NLMSG_DONE = netlink_h.NLMSG_DONE();
    public static final int NLMSG_ERROR = netlink_h.NLMSG_ERROR();
    public static final int NLMSG_HDRLEN = netlink_h.NLMSG_HDRLEN();
    public static final int NLMSG_OVERRUN = netlink_h.NLMSG_OVERRUN();

    // NLMSGERR_*
    public static final int NLMSGERR_ATTR_MSG = netlink_h.NLMSGERR_ATTR_MSG();

    // RTM_*
    public static final int RTM_GETADDR = netlink_h.RTM_GETADDR();
    public static final int RTM_GETLINK = netlink_h.RTM_GETLINK();
    public static final int RTM_GETROUTE = netlink_h.RTM_GETROUTE();
    public static final int RTM_NEWADDR = netlink_h.RTM_NEWADDR();
    public static final int RTM_NEWLINK = netlink_h.RTM_NEWLINK();
    public static final int RTM_NEWROUTE = netlink_h.RTM_NEWROUTE();

    // IFLA_*
    public static final int IFLA_ADDRESS = netlink_h.IFLA_ADDRESS();
    public static final int IFLA_IFNAME = netlink_h.IFLA_IFNAME();
    public static final int IFLA_MTU = netlink_h.IFLA_MTU();

    // IFA_*
    public static final int IFA_ADDRESS = netlink_h.IFA_ADDRESS();
    public static final int IFA_FLAGS = netlink_h.IFA_FLAGS();
    public static final int IFA_F_DEPRECATED = netlink_h.IFA_F_DEPRECATED();
    public static final int IFA_F_NODAD = netlink_h.IFA_F_NODAD();
    public static final int IFA_F_NOPREFIXROUTE = netlink_h.IFA_F_NOPREFIXROUTE();
    public static final int IFA_LOCAL = netlink_h.IFA_LOCAL();

    // RTA_*
    public static final int RTA_DST = netlink_h.RTA_DST();
    public static final int RTA_GATEWAY = netlink_h.RTA_GATEWAY();
    public static final int RTA_MULTIPATH = netlink_h.RTA_MULTIPATH();
    public static final int RTA_OIF = netlink_h.RTA_OIF();
    public static final int RTA_PRIORITY = netlink_h.RTA_PRIORITY();
    public static final int RTA_TABLE = netlink_h.RTA_TABLE();

    // RT_TABLE_*
    public static final int RT_TABLE_MAIN = netlink_h.RT_TABLE_MAIN();

    // RTPROT_*
    public static final int RTPROT_BOOT = netlink_h.RTPROT_BOOT();
    public static final int RTPROT_KERNEL = netlink_h.RTPROT_KERNEL();
    public static final int RTPROT_STATIC = netlink_h.RTPROT_STATIC();

    // RT_SCOPE_*
    public static final int RT_SCOPE_LINK = netlink_h.RT_SCOPE_LINK();
    public static final int RT_SCOPE_UNIVERSE = netlink_h.RT_SCOPE_UNIVERSE();

    // RTN_*
    public static final int RTN_UNICAST = netlink_h.RTN_UNICAST();

    // RTNH_*
    public static final int RTNH_F_ONLINK = netlink_h.RTNH_F_ONLINK();

    // AF_NETLINK*
    public static final int AF_NETLINK = netlink_h.AF_NETLINK();
}

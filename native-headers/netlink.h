/* jpasst shim: rtnetlink (pasta copies addresses, routes and neighbours into the namespace). */
#ifndef JPASST_NETLINK_H
#define JPASST_NETLINK_H
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/if_link.h>
/* used: struct sockaddr_nl nlmsghdr nlmsgerr ifinfomsg ifaddrmsg rtmsg rtattr rtnexthop ndmsg
 * rtgenmsg; NETLINK_* NLM_F_* NLMSG_* RTM_* RTNLGRP_* IFLA_* IFA_* RTA_* RT_TABLE_* RTPROT_*
 * RT_SCOPE_* RTN_* RTNH_* NDA_* NUD_* NTF_* */
#endif

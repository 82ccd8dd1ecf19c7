/* jpasst shim: sockets, socket addresses, msghdr/mmsghdr, TCP/IP options, tcp_info. */
#ifndef JPASST_SOCKET_H
#define JPASST_SOCKET_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* accept4, recvmmsg, sendmmsg, struct mmsghdr */
#endif
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <linux/tcp.h> /* the kernel's tcp_info (glibc's copy lags behind) and TCP_* */
#include <linux/errqueue.h> /* struct sock_extended_err, SO_EE_ORIGIN_* (MSG_ERRQUEUE) */
#include <linux/sock_diag.h> /* SK_MEMINFO_*: the slots of getsockopt(SO_MEMINFO) */
/* used: socket socketpair bind connect listen accept4 shutdown setsockopt getsockopt
 * getsockname getpeername recv send recvfrom sendto recvmsg sendmsg recvmmsg sendmmsg;
 * struct iovec msghdr mmsghdr cmsghdr sockaddr sockaddr_storage sockaddr_in sockaddr_in6
 * sockaddr_un in_addr in6_addr tcp_info sock_extended_err; AF_* SOCK_* IPPROTO_* SOL_* SO_* SCM_* TCP_*
 * IP_* IPV6_* MSG_* SHUT_* INADDR_* SOMAXCONN SK_MEMINFO_* */
#endif

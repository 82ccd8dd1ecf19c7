"""What genbindings.py needs to know that jextract would read from the headers with clang.

Which of these are generated is native-headers/<area>.includes (the jextract @argfile):
this file only describes them. Functions are C prototypes (checked against the real
declarations by gcc when generating). Struct fields name the C member (a member
designator, so macro members such as siginfo_t's si_pid work); sizes and offsets always
come from gcc. Field suffixes: '*' pointer, '[]' array of scalars, ':cls' a nested
struct/union emitted as its own class. Constants need nothing here: any name in the list
that is an integer constant expression of the header is generated with gcc's value.
"""

AREAS = {
    "epoll": dict(
        functions=[
            "int epoll_create1(int __flags)",
            "int epoll_ctl(int __epfd, int __op, int __fd, struct epoll_event *__event)",
            "int epoll_wait(int __epfd, struct epoll_event *__events, int __maxevents, int __timeout)",
        ],
        structs=[
            ("union epoll_data", "epoll_data", ["ptr*", "fd", "u32", "u64"]),
            ("struct epoll_event", "epoll_event", ["events", "data:epoll_data"]),
        ],
    ),
    "socket": dict(
        functions=[
            "int socket(int __domain, int __type, int __protocol)",
            "int socketpair(int __domain, int __type, int __protocol, int *__fds)",
            "int bind(int __fd, const struct sockaddr *__addr, socklen_t __len)",
            "int connect(int __fd, const struct sockaddr *__addr, socklen_t __len)",
            "int listen(int __fd, int __n)",
            "int accept4(int __fd, struct sockaddr *__addr, socklen_t *__addr_len, int __flags)",
            "int shutdown(int __fd, int __how)",
            "int setsockopt(int __fd, int __level, int __optname, const void *__optval, socklen_t __optlen)",
            "int getsockopt(int __fd, int __level, int __optname, void *__optval, socklen_t *__optlen)",
            "int getsockname(int __fd, struct sockaddr *__addr, socklen_t *__len)",
            "int getpeername(int __fd, struct sockaddr *__addr, socklen_t *__len)",
            "ssize_t recv(int __fd, void *__buf, size_t __n, int __flags)",
            "ssize_t send(int __fd, const void *__buf, size_t __n, int __flags)",
            "ssize_t recvfrom(int __fd, void *__buf, size_t __n, int __flags, struct sockaddr *__addr, socklen_t *__addr_len)",
            "ssize_t sendto(int __fd, const void *__buf, size_t __n, int __flags, const struct sockaddr *__addr, socklen_t __addr_len)",
            "ssize_t recvmsg(int __fd, struct msghdr *__message, int __flags)",
            "ssize_t sendmsg(int __fd, const struct msghdr *__message, int __flags)",
            "int recvmmsg(int __fd, struct mmsghdr *__vmessages, unsigned int __vlen, int __flags, struct timespec *__tmo)",
            "int sendmmsg(int __fd, struct mmsghdr *__vmessages, unsigned int __vlen, int __flags)",
        ],
        structs=[
            ("struct iovec", "iovec", ["iov_base*", "iov_len"]),
            ("struct msghdr", "msghdr", ["msg_name*", "msg_namelen", "msg_iov*", "msg_iovlen",
                                         "msg_control*", "msg_controllen", "msg_flags"]),
            ("struct mmsghdr", "mmsghdr", ["msg_hdr:msghdr", "msg_len"]),
            ("struct cmsghdr", "cmsghdr", ["cmsg_len", "cmsg_level", "cmsg_type"]),
            ("struct sockaddr", "sockaddr", ["sa_family", "sa_data[]"]),
            ("struct sockaddr_storage", "sockaddr_storage", ["ss_family"]),
            ("struct in_addr", "in_addr", ["s_addr"]),
            # s6_addr is a macro for the byte view of the anonymous union
            ("struct in6_addr", "in6_addr", ["s6_addr[]"]),
            ("struct sockaddr_in", "sockaddr_in", ["sin_family", "sin_port", "sin_addr:in_addr", "sin_zero[]"]),
            ("struct sockaddr_in6", "sockaddr_in6", ["sin6_family", "sin6_port", "sin6_flowinfo",
                                                     "sin6_addr:in6_addr", "sin6_scope_id"]),
            ("struct sockaddr_un", "sockaddr_un", ["sun_family", "sun_path[]"]),
            # bitfields (wscale, app_limited, fastopen_client_fail) become padding, as in jextract
            ("struct tcp_info", "tcp_info", [
                "tcpi_state", "tcpi_ca_state", "tcpi_retransmits", "tcpi_probes", "tcpi_backoff",
                "tcpi_options", "tcpi_rto", "tcpi_ato", "tcpi_snd_mss", "tcpi_rcv_mss",
                "tcpi_unacked", "tcpi_sacked", "tcpi_lost", "tcpi_retrans", "tcpi_fackets",
                "tcpi_last_data_sent", "tcpi_last_ack_sent", "tcpi_last_data_recv", "tcpi_last_ack_recv",
                "tcpi_pmtu", "tcpi_rcv_ssthresh", "tcpi_rtt", "tcpi_rttvar", "tcpi_snd_ssthresh",
                "tcpi_snd_cwnd", "tcpi_advmss", "tcpi_reordering", "tcpi_rcv_rtt", "tcpi_rcv_space",
                "tcpi_total_retrans", "tcpi_pacing_rate", "tcpi_max_pacing_rate", "tcpi_bytes_acked",
                "tcpi_bytes_received", "tcpi_segs_out", "tcpi_segs_in", "tcpi_notsent_bytes",
                "tcpi_min_rtt", "tcpi_data_segs_in", "tcpi_data_segs_out", "tcpi_delivery_rate",
                "tcpi_busy_time", "tcpi_rwnd_limited", "tcpi_sndbuf_limited", "tcpi_delivered",
                "tcpi_delivered_ce", "tcpi_bytes_sent", "tcpi_bytes_retrans", "tcpi_dsack_dups",
                "tcpi_reord_seen", "tcpi_rcv_ooopack", "tcpi_snd_wnd"]),
            # IP_RECVERR / IPV6_RECVERR control data; the offender's sockaddr follows it
            ("struct sock_extended_err", "sock_extended_err", [
                "ee_errno", "ee_origin", "ee_type", "ee_code", "ee_pad", "ee_info", "ee_data"]),
        ],
    ),
    "io": dict(
        functions=[
            "ssize_t read(int __fd, void *__buf, size_t __nbytes)",
            "ssize_t write(int __fd, const void *__buf, size_t __n)",
            "ssize_t pread(int __fd, void *__buf, size_t __nbytes, long __offset)",
            "ssize_t readv(int __fd, const struct iovec *__iovec, int __count)",
            "ssize_t writev(int __fd, const struct iovec *__iovec, int __count)",
            "int open(const char *__file, int __oflag, ...)",
            "int close(int __fd)",
            "int dup2(int __fd, int __fd2)",
            "int pipe2(int *__pipedes, int __flags)",
            "int fcntl(int __fd, int __cmd, ...)",
            "ssize_t splice(int __fdin, __off64_t *__offin, int __fdout, __off64_t *__offout, size_t __len, unsigned int __flags)",
            "char *strerror(int __errnum)",
        ],
        structs=[],
    ),
    "tun": dict(
        functions=[
            "int ioctl(int __fd, unsigned long __request, ...)",
            "unsigned int if_nametoindex(const char *__ifname)",
        ],
        structs=[
            ("struct ifreq", "ifreq", ["ifr_ifrn:ifr_ifrn", "ifr_ifru:ifr_ifru"]),
            ("ifr_ifrn@struct ifreq", "ifr_ifrn", ["ifrn_name[]"]),
            ("ifr_ifru@struct ifreq", "ifr_ifru", ["ifru_flags", "ifru_ivalue", "ifru_mtu",
                                                   "ifru_slave[]", "ifru_newname[]", "ifru_data*"]),
        ],
    ),
    "timer": dict(
        functions=[
            "int timerfd_create(__clockid_t __clock_id, int __flags)",
            "int timerfd_settime(int __ufd, int __flags, const struct itimerspec *__utmr, struct itimerspec *__otmr)",
            "int eventfd(unsigned int __count, int __flags)",
        ],
        structs=[
            ("struct timespec", "timespec", ["tv_sec", "tv_nsec"]),
            ("struct itimerspec", "itimerspec", ["it_interval:timespec", "it_value:timespec"]),
        ],
    ),
    "mman": dict(
        functions=[
            "void *mmap(void *__addr, size_t __len, int __prot, int __flags, int __fd, long __offset)",
            "int munmap(void *__addr, size_t __len)",
            "int memfd_create(const char *__name, unsigned int __flags)",
            "int ftruncate(int __fd, long __length)",
        ],
        structs=[],
    ),
    "process": dict(
        functions=[
            "int setns(int __fd, int __nstype)",
            "int unshare(int __flags)",
            "int prctl(int __option, ...)",
            "int capget(cap_user_header_t hdrp, cap_user_data_t datap)",
            "int capset(cap_user_header_t hdrp, const cap_user_data_t datap)",
            "int getrlimit(__rlimit_resource_t __resource, struct rlimit *__rlimits)",
            "int setrlimit(__rlimit_resource_t __resource, const struct rlimit *__rlimits)",
            "int kill(__pid_t __pid, int __sig)",
            "int waitid(idtype_t __idtype, __id_t __id, siginfo_t *__infop, int __options)",
            "int pidfd_open(__pid_t __pid, unsigned int __flags)",
            "__pid_t setsid(void)",
            "__pid_t getpid(void)",
            "__uid_t getuid(void)",
            "__uid_t geteuid(void)",
            "__gid_t getgid(void)",
            "__gid_t getegid(void)",
            "long syscall(long __sysno, ...)",
        ],
        structs=[
            ("struct __user_cap_header_struct", "__user_cap_header_struct", ["version", "pid"]),
            ("struct __user_cap_data_struct", "__user_cap_data_struct", ["effective", "permitted", "inheritable"]),
            ("struct rlimit", "rlimit", ["rlim_cur", "rlim_max"]),
            # the SIGCHLD view of the _sifields union (si_pid/si_uid/si_status are macros for it)
            ("siginfo_t", "siginfo_t", ["si_signo", "si_errno", "si_code", "si_pid", "si_uid", "si_status"]),
        ],
    ),
    "netlink": dict(
        functions=[],
        structs=[
            ("struct sockaddr_nl", "sockaddr_nl", ["nl_family", "nl_pad", "nl_pid", "nl_groups"]),
            ("struct nlmsghdr", "nlmsghdr", ["nlmsg_len", "nlmsg_type", "nlmsg_flags", "nlmsg_seq", "nlmsg_pid"]),
            ("struct nlmsgerr", "nlmsgerr", ["error", "msg:nlmsghdr"]),
            ("struct rtgenmsg", "rtgenmsg", ["rtgen_family"]),
            ("struct ifinfomsg", "ifinfomsg", ["ifi_family", "__ifi_pad", "ifi_type", "ifi_index",
                                               "ifi_flags", "ifi_change"]),
            ("struct ifaddrmsg", "ifaddrmsg", ["ifa_family", "ifa_prefixlen", "ifa_flags", "ifa_scope",
                                               "ifa_index"]),
            ("struct rtmsg", "rtmsg", ["rtm_family", "rtm_dst_len", "rtm_src_len", "rtm_tos", "rtm_table",
                                       "rtm_protocol", "rtm_scope", "rtm_type", "rtm_flags"]),
            ("struct rtattr", "rtattr", ["rta_len", "rta_type"]),
            ("struct rtnexthop", "rtnexthop", ["rtnh_len", "rtnh_flags", "rtnh_hops", "rtnh_ifindex"]),
            ("struct ndmsg", "ndmsg", ["ndm_family", "ndm_pad1", "ndm_pad2", "ndm_ifindex", "ndm_state",
                                       "ndm_flags", "ndm_type"]),
        ],
    ),
}

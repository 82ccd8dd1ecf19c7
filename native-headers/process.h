/* jpasst shim: namespaces, process identity, capabilities, limits, signals, children. */
#ifndef JPASST_PROCESS_H
#define JPASST_PROCESS_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* setns, unshare, CLONE_NEW* */
#endif
#include <sched.h>
#include <unistd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sys/pidfd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <fcntl.h> /* AT_FDCWD */
#include <linux/capability.h>
/* glibc exports capget/capset but declares them nowhere (libcap does): declare here. */
extern int capget(cap_user_header_t hdrp, cap_user_data_t datap);
extern int capset(cap_user_header_t hdrp, const cap_user_data_t datap);
/* used: setns unshare prctl capget capset getrlimit setrlimit kill waitid pidfd_open setsid
 * getpid getuid geteuid getgid getegid syscall; struct __user_cap_header_struct
 * __user_cap_data_struct rlimit, siginfo_t; CLONE_* PR_* CAP_* RLIMIT_* SIG* P_* W* CLD_*,
 * SYS_* of the calls made through syscall (io.jpasst.sys.Syscall), AT_FDCWD,
 * MADV_DONTDUMP PROT_READ PROT_WRITE MAP_PRIVATE MAP_ANONYMOUS MAP_NORESERVE */
#endif

/* jpasst shim: epoll (event loop). x86_64 packs struct epoll_event (12 bytes);
 * aarch64 does not (16 bytes), so bindings are regenerated per architecture. */
#ifndef JPASST_EPOLL_H
#define JPASST_EPOLL_H
#include <sys/epoll.h>
/* used: epoll_create1 epoll_ctl epoll_wait; struct epoll_event, union epoll_data;
 * EPOLL* event bits, EPOLL_CTL_*, EPOLL_CLOEXEC */
#endif

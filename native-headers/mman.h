/* jpasst shim: shared memory mappings (vhost-user guest memory, memfd in tests). */
#ifndef JPASST_MMAN_H
#define JPASST_MMAN_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create */
#endif
#include <sys/mman.h>
#include <unistd.h>
/* used: mmap munmap memfd_create ftruncate; PROT_* MAP_SHARED MAP_PRIVATE MFD_* */
#endif

/* jpasst shim: file descriptors (unistd, uio, fcntl, splice), errno values, strerror. */
#ifndef JPASST_IO_H
#define JPASST_IO_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* pipe2, splice, F_SETPIPE_SZ */
#endif
#include <unistd.h>
#include <fcntl.h>
#include <sys/uio.h>
#include <errno.h>
#include <string.h>
/* used: read pread write readv writev open close dup2 pipe2 fcntl splice strerror;
 * O_* F_* FD_CLOEXEC SPLICE_F_*, every E* errno value */
#endif

/* jpasst shim: timerfd and eventfd (loop timers and wake-ups). */
#ifndef JPASST_TIMER_H
#define JPASST_TIMER_H
#include <time.h>
#include <sys/timerfd.h>
#include <sys/eventfd.h>
/* used: timerfd_create timerfd_settime eventfd; struct timespec itimerspec;
 * TFD_* CLOCK_* EFD_* */
#endif

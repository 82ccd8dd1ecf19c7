/* jpasst shim: inotify (pasta watches a netns file to learn when it goes away). */
#ifndef JPASST_INOTIFY_H
#define JPASST_INOTIFY_H
#include <sys/inotify.h>
/* used: inotify_init1 inotify_add_watch inotify_rm_watch; struct inotify_event; IN_* */
#endif

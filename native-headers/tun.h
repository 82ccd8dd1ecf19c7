/* jpasst shim: tap device setup and socket queue ioctls. */
#ifndef JPASST_TUN_H
#define JPASST_TUN_H
#include <sys/ioctl.h>
#include <net/if.h>
#include <linux/if_tun.h>
#include <linux/sockios.h> /* SIOCINQ, SIOCOUTQ */
/* used: ioctl if_nametoindex; struct ifreq; IFF_* TUN* IFNAMSIZ SIOC* */
#endif

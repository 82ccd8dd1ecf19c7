package io.jpasst.engine.socket.splice;

import io.jpasst.engine.control.ns.NamespaceThread;
import io.jpasst.sys.Sock;

/**
 * Unconnected, non-blocking TCP sockets opened ahead of time inside the target namespace, one
 * ring per family. A socket belongs to the namespace it was created in, but any thread may
 * connect it: so the loop takes a ready socket per accepted connection and never waits for
 * the namespace thread, which refills the rings in the background once they run low.
 */
final class SocketPool {
    private static final int SIZE = 32;

    private final NamespaceThread ns;
    private final int[][] ring = {new int[SIZE], new int[SIZE]};
    private final int[] count = new int[2];
    private final boolean[] refilling = new boolean[2];
    private final Runnable[] refill = new Runnable[2];

    SocketPool(NamespaceThread ns) {
        this.ns = ns;
        refill[0] = () -> fill(0);
        refill[1] = () -> fill(1);
    }

    /** Fills both rings; call once at start, before the loop runs. */
    void prime() {
        ns.call(() -> {
            fill(0);
            fill(1);
            return null;
        });
    }

    /**
     * A socket of the family ({@code ipv6} or not) created in the namespace: from the ring,
     * else (ring empty: a burst of connections) made on the spot, waiting for the namespace
     * thread. Negative -errno if even that fails.
     */
    int take(boolean ipv6) {
        int f = ipv6 ? 1 : 0;
        int fd = -1;
        boolean ask = false;
        synchronized (this) {
            if (count[f] > 0) {
                fd = ring[f][--count[f]];
            }
            if (count[f] < SIZE / 2 && !refilling[f]) {
                refilling[f] = true;
                ask = true;
            }
        }
        if (ask) {
            ns.execute(refill[f]);
        }
        if (fd >= 0) {
            return fd;
        }
        return ns.call(() -> create(f));
    }

    private void fill(int f) {
        while (true) {
            synchronized (this) {
                if (count[f] >= SIZE) {
                    refilling[f] = false;
                    return;
                }
            }
            int fd = create(f);
            synchronized (this) {
                if (fd < 0 || count[f] >= SIZE) {
                    refilling[f] = false;
                    if (fd >= 0) {
                        io.jpasst.sys.Fd.close(fd);
                    }
                    return;
                }
                ring[f][count[f]++] = fd;
            }
        }
    }

    private static int create(int f) {
        return Sock.socket(f == 1 ? Sock.AF_INET6 : Sock.AF_INET, Sock.SOCK_STREAM | Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC, 0);
    }

    /** Closes the pooled sockets. */
    synchronized void close() {
        for (int f = 0; f < 2; f++) {
            for (int i = 0; i < count[f]; i++) {
                io.jpasst.sys.Fd.close(ring[f][i]);
            }
            count[f] = 0;
        }
    }
}

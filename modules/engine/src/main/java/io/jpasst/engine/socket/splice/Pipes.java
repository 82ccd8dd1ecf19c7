package io.jpasst.engine.socket.splice;

import io.jpasst.sys.Fd;

/**
 * Makes the pipes splice(2) moves data through, as large as the system allows: the pipe is
 * the only buffer between the two sockets, so its size bounds how much one round moves.
 * Unprivileged users are limited by {@code fs.pipe-max-size} (1 MiB by default) and, past
 * {@code fs.pipe-user-pages-soft}, get one-page pipes; we take what we get.
 */
final class Pipes {
    /** Sizes tried, largest first. */
    private static final int[] SIZES = {1 << 20, 512 << 10, 256 << 10, 128 << 10, 64 << 10};

    private Pipes() {}

    /**
     * Opens a non-blocking pipe into {@code rd[i]}/{@code wr[i]} and stores its capacity in
     * {@code cap[i]}; returns 0 or -errno.
     */
    static int open(int[] rd, int[] wr, int[] cap, int i) {
        long pair = Fd.pipe2(Fd.O_NONBLOCK | Fd.O_CLOEXEC);
        if (pair < 0) {
            return (int) pair;
        }
        rd[i] = Fd.first(pair);
        wr[i] = Fd.second(pair);
        int size = -1;
        for (int s : SIZES) {
            size = Fd.fcntl(wr[i], Fd.F_SETPIPE_SZ, s);
            if (size > 0) {
                break;
            }
        }
        cap[i] = size > 0 ? size : Math.max(4096, Fd.fcntl(wr[i], Fd.F_GETPIPE_SZ, 0));
        return 0;
    }

    static void close(int[] rd, int[] wr, int i) {
        if (rd[i] >= 0) {
            Fd.close(rd[i]);
            Fd.close(wr[i]);
            rd[i] = -1;
            wr[i] = -1;
        }
    }
}

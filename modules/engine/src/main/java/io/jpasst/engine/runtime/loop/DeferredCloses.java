package io.jpasst.engine.runtime.loop;

import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import java.util.Arrays;

/**
 * Sockets closed at the end of the loop round instead of at once. The events of a round come
 * in one batch: a socket closed while handling it could be replaced by a new one with the same
 * descriptor number and, its slot freed too, the same epoll reference; an event of the old
 * socket later in the batch would then be taken for the new one's. Until the round ends the
 * number stays taken, so stale events are recognised by their descriptor.
 */
public final class DeferredCloses {
    /** Descriptors to close; {@code ~fd} for a close with a reset. */
    private int[] fds = new int[64];
    private int count;

    public DeferredCloses(EventLoop loop) {
        loop.afterRound(now -> closeAll());
    }

    /**
     * Closes {@code fd} at the end of the round; with {@code reset}, so that a TCP peer sees a
     * reset rather than an orderly end. No EPOLL_CTL_DEL first (one system call less per
     * connection): the close, before the next epoll_wait, takes the socket out of the set,
     * our descriptors being never duplicated nor inherited (close-on-exec).
     */
    public void close(int fd, boolean reset) {
        if (count == fds.length) {
            fds = Arrays.copyOf(fds, 2 * count);
        }
        fds[count++] = reset ? ~fd : fd;
    }

    private void closeAll() {
        for (int i = 0; i < count; i++) {
            int fd = fds[i];
            if (fd >= 0) {
                Fd.close(fd);
            } else {
                Sock.closeWithReset(~fd);
            }
        }
        count = 0;
    }
}

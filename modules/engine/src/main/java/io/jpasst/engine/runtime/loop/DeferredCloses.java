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
    private final EventLoop loop;
    /** Descriptors to close; {@code ~fd} for a close with a reset. */
    private int[] fds = new int[64];
    private int count;

    public DeferredCloses(EventLoop loop) {
        this.loop = loop;
        loop.afterRound(now -> closeAll());
    }

    /**
     * Takes {@code fd} out of the epoll set now and closes it at the end of the round; with
     * {@code reset}, so that a TCP peer sees a reset rather than an orderly end.
     */
    public void close(int fd, boolean reset) {
        loop.remove(fd);
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

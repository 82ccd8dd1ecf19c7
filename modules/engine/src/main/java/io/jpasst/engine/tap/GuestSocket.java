package io.jpasst.engine.tap;

/** What a {@link PasstListener} hands an accepted qemu connection to: the stream or vhost-user back end. */
public interface GuestSocket {
    /** Whether a client is connected (the next one waits in the backlog meanwhile). */
    boolean connected();

    /** Takes a connected socket: 0, or -errno (the listener then closes it and listens on). */
    int attach(int clientFd);
}

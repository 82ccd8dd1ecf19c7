package io.jpasst.engine.runtime.loop;

/**
 * The 64-bit epoll user data of every registered descriptor: an event type (8 bits), the
 * file descriptor (24 bits) and an index (32 bits: a flow, a listening rule, a slot). With
 * all three in the event itself, dispatch is a switch on the type and an array access by the
 * index: no map lookup, no boxing.
 */
public final class EpollRef {
    public static final int FD_BITS = 24;
    public static final int MAX_FD = (1 << FD_BITS) - 1;
    public static final int MAX_TYPE = 0xff;

    private EpollRef() {}

    /**
     * Packs a reference.
     *
     * @throws IllegalArgumentException for a type or descriptor that does not fit: callers
     *         register descriptors at set-up or accept time, never per packet
     */
    public static long of(int type, int fd, int index) {
        if (type < 0 || type > MAX_TYPE) {
            throw new IllegalArgumentException("epoll type out of range: " + type);
        }
        if (fd < 0 || fd > MAX_FD) {
            throw new IllegalArgumentException("file descriptor does not fit an epoll reference: " + fd);
        }
        return ((long) type << 56) | ((long) fd << 32) | (index & 0xffff_ffffL);
    }

    public static int type(long ref) {
        return (int) (ref >>> 56);
    }

    public static int fd(long ref) {
        return (int) (ref >>> 32) & MAX_FD;
    }

    public static int index(long ref) {
        return (int) ref;
    }
}

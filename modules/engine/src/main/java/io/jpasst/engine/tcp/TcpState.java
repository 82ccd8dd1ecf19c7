package io.jpasst.engine.tcp;

import java.util.Arrays;

/**
 * Per-connection state of the TCP translation, one slot per flow-table index, in parallel
 * primitive arrays so the data path touches no objects. Sequence numbers are the guest-side
 * ones; the host side is the kernel's business.
 *
 * <pre>
 *   toGuest:       next sequence we send to the guest (data peeked from the socket)
 *   ackedByGuest:  the guest's highest acknowledgement: everything before it is discarded
 *                  from the socket; toGuest - ackedByGuest is in flight (peeked, kept)
 *   fromGuest:     next sequence expected from the guest (everything before it is written
 *                  to the socket)
 *   ackedToGuest:  the acknowledgement we last sent
 * </pre>
 */
final class TcpState {
    /** Our SYN is out to the socket (connect in progress). */
    static final int CONNECTING = 1;
    /** SYN-ACK sent to the guest: data may flow. */
    static final int ESTABLISHED = 1 << 1;
    /** Host-originated: our SYN went to the guest, its SYN-ACK is awaited. */
    static final int SYN_TO_GUEST = 1 << 2;
    /** The guest sent FIN; the socket is shut down for writing. */
    static final int GUEST_FIN = 1 << 3;
    /** The socket reached end of stream. */
    static final int SOCK_EOF = 1 << 4;
    /** Our FIN went to the guest (sequence toGuest - 1). */
    static final int FIN_SENT = 1 << 5;
    /** The guest acknowledged our FIN. */
    static final int FIN_ACKED = 1 << 6;
    /** The socket's send buffer was full: EPOLLOUT is armed to reopen the guest's window. */
    static final int WANT_OUT = 1 << 7;
    /** Guest data was refused by a full socket: duplicate ACKs follow when room returns. */
    static final int DATA_REFUSED = 1 << 10;
    /** The last peek stopped at the guest's window, not at the end of the socket's data. */
    static final int WINDOW_LIMITED = 1 << 11;
    /** The socket reported the peer's FIN (EPOLLRDHUP): the data ends somewhere ahead. */
    static final int PEER_CLOSED = 1 << 12;
    /** On the end-of-round ACK list. */
    static final int ACK_QUEUED = 1 << 8;
    /** The end-of-round ACK must go out even if nothing new was received (duplicate ACK). */
    static final int ACK_FORCED = 1 << 9;

    final int[] flags;
    final int[] fd;
    final boolean[] v6;
    final long[] guestMac;
    final long[] guestHi;
    final long[] guestLo;
    final long[] remoteHi;
    final long[] remoteLo;
    final int[] guestPort;
    final int[] remotePort;
    /** Pseudo-header sum of the addresses of segments towards the guest. */
    final long[] pseudo;
    final int[] toGuest;
    final int[] ackedByGuest;
    final int[] fromGuest;
    final int[] ackedToGuest;
    /** Guest's receive window in bytes (already scaled). */
    final int[] guestWindow;
    /** Shift applied to the guest's window field (0 without the option). */
    final int[] guestShift;
    /** Shift we apply to the windows we advertise (0 when the guest did not offer scaling). */
    final int[] ourShift;
    /** Largest payload of a segment towards the guest. */
    final int[] mss;
    final int[] dupAcks;
    /** The socket's send buffer size (set once at creation). */
    final int[] sndbuf;
    /** The window field last computed for this connection (already scaled down). */
    final int[] advertised;
    /** When unacknowledged data to the guest is retransmitted (nanoTime; 0: none pending). */
    final long[] rtoDeadline;
    /** Retransmission timeouts in a row without the guest acknowledging anything new. */
    final int[] retransmissions;
    final long[] lastActivity;

    TcpState(int capacity) {
        flags = new int[capacity];
        fd = new int[capacity];
        Arrays.fill(fd, -1);
        v6 = new boolean[capacity];
        guestMac = new long[capacity];
        guestHi = new long[capacity];
        guestLo = new long[capacity];
        remoteHi = new long[capacity];
        remoteLo = new long[capacity];
        guestPort = new int[capacity];
        remotePort = new int[capacity];
        pseudo = new long[capacity];
        toGuest = new int[capacity];
        ackedByGuest = new int[capacity];
        fromGuest = new int[capacity];
        ackedToGuest = new int[capacity];
        guestWindow = new int[capacity];
        guestShift = new int[capacity];
        ourShift = new int[capacity];
        mss = new int[capacity];
        dupAcks = new int[capacity];
        sndbuf = new int[capacity];
        advertised = new int[capacity];
        rtoDeadline = new long[capacity];
        retransmissions = new int[capacity];
        lastActivity = new long[capacity];
    }

    boolean has(int flow, int flag) {
        return (flags[flow] & flag) != 0;
    }

    void set(int flow, int flag) {
        flags[flow] |= flag;
    }

    void clear(int flow, int flag) {
        flags[flow] &= ~flag;
    }

    /** Bytes sent to the guest and not yet acknowledged (our FIN included). */
    int inFlight(int flow) {
        return toGuest[flow] - ackedByGuest[flow];
    }

    void reset(int flow) {
        flags[flow] = 0;
        fd[flow] = -1;
        dupAcks[flow] = 0;
        rtoDeadline[flow] = 0;
        retransmissions[flow] = 0;
    }
}

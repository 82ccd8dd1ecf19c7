package io.jpasst.engine.proto.tcp;

import java.util.Arrays;

/**
 * Per-connection state of the TCP translation, one slot per flow-table index, in parallel
 * primitive arrays so the data path touches no objects; they grow with the flow table. Sequence numbers are the guest-side
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
    /** Nothing came from the guest since our last keepalive or probe (see {@link GuestProbes}). */
    static final int GUEST_QUIET = 1 << 13;
    /** On the end-of-round ACK list. */
    static final int ACK_QUEUED = 1 << 8;
    /** The end-of-round ACK must go out even if nothing new was received (duplicate ACK). */
    static final int ACK_FORCED = 1 << 9;

    int[] flags = new int[0];
    int[] fd = new int[0];
    boolean[] v6 = new boolean[0];
    long[] guestMac = new long[0];
    long[] guestHi = new long[0];
    long[] guestLo = new long[0];
    long[] remoteHi = new long[0];
    long[] remoteLo = new long[0];
    int[] guestPort = new int[0];
    int[] remotePort = new int[0];
    /** Pseudo-header sum of the addresses of segments towards the guest. */
    long[] pseudo = new long[0];
    int[] toGuest = new int[0];
    int[] ackedByGuest = new int[0];
    int[] fromGuest = new int[0];
    /** The sequence number of the guest's SYN (or SYN-ACK). */
    int[] guestIsn = new int[0];
    int[] ackedToGuest = new int[0];
    /** Guest's receive window in bytes (already scaled). */
    int[] guestWindow = new int[0];
    /** Shift applied to the guest's window field (0 without the option). */
    int[] guestShift = new int[0];
    /** Shift we apply to the windows we advertise (0 when the guest did not offer scaling). */
    int[] ourShift = new int[0];
    /** Largest payload of a segment towards the guest. */
    int[] mss = new int[0];
    int[] dupAcks = new int[0];
    /** The window field last computed for this connection (already scaled down). */
    int[] advertised = new int[0];
    /** When unacknowledged data to the guest is retransmitted (loop clock; 0: none pending). */
    long[] rtoDeadline = new long[0];
    /** Retransmission timeouts in a row without the guest acknowledging anything new. */
    int[] retransmissions = new int[0];
    /** The last segment or socket event of the flow: its idle limit counts from here. */
    long[] lastActivity = new long[0];
    /** The guest's last segment, or our last keepalive to it: the next keepalive is due an interval later. */
    long[] quietSince = new long[0];
    /** When the next zero-window probe goes (loop clock; 0: none pending). */
    long[] probeAt = new long[0];
    /** Zero-window probes sent in a row: the exponent of their backoff. */
    int[] probes = new int[0];

    TcpState(int capacity) {
        grow(capacity);
    }

    /** Room for flows below {@code size} (the flow table's {@link io.jpasst.engine.flow.FlowTable#allocated}). */
    void grow(int size) {
        int old = flags.length;
        if (size <= old) {
            return;
        }
        flags = Arrays.copyOf(flags, size);
        fd = Arrays.copyOf(fd, size);
        v6 = Arrays.copyOf(v6, size);
        guestMac = Arrays.copyOf(guestMac, size);
        guestHi = Arrays.copyOf(guestHi, size);
        guestLo = Arrays.copyOf(guestLo, size);
        remoteHi = Arrays.copyOf(remoteHi, size);
        remoteLo = Arrays.copyOf(remoteLo, size);
        guestPort = Arrays.copyOf(guestPort, size);
        remotePort = Arrays.copyOf(remotePort, size);
        pseudo = Arrays.copyOf(pseudo, size);
        toGuest = Arrays.copyOf(toGuest, size);
        ackedByGuest = Arrays.copyOf(ackedByGuest, size);
        fromGuest = Arrays.copyOf(fromGuest, size);
        guestIsn = Arrays.copyOf(guestIsn, size);
        ackedToGuest = Arrays.copyOf(ackedToGuest, size);
        guestWindow = Arrays.copyOf(guestWindow, size);
        guestShift = Arrays.copyOf(guestShift, size);
        ourShift = Arrays.copyOf(ourShift, size);
        mss = Arrays.copyOf(mss, size);
        dupAcks = Arrays.copyOf(dupAcks, size);
        advertised = Arrays.copyOf(advertised, size);
        rtoDeadline = Arrays.copyOf(rtoDeadline, size);
        retransmissions = Arrays.copyOf(retransmissions, size);
        lastActivity = Arrays.copyOf(lastActivity, size);
        quietSince = Arrays.copyOf(quietSince, size);
        probeAt = Arrays.copyOf(probeAt, size);
        probes = Arrays.copyOf(probes, size);
        Arrays.fill(fd, old, size, -1);
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
        probeAt[flow] = 0;
        probes[flow] = 0;
    }
}

package io.jpasst.engine.proto.tcp;

import io.jpasst.engine.packet.ip.Tcp;

/**
 * Segments that make the guest speak: keepalives and zero-window probes. Both are an ACK with
 * the sequence number just before our next one, which a live guest answers with an ACK (and
 * its current window), and a guest that forgot the connection with a reset.
 * <ul>
 * <li>Keepalive: a connection the guest sent nothing on for a whole keepalive interval gets
 *     one, so that flows the guest dropped (a reboot, its FIN_WAIT2 timeout) go now instead of
 *     after the two-hour activity timeout.</li>
 * <li>Zero-window probe: while the guest's window is closed, the update that opens it may be
 *     lost, and nothing else would ever move the data waiting in the socket. Probes follow the
 *     retransmission timer's backoff until the window opens; a guest that answers
 *     {@link TcpTimeouts#maxRetransmissions} of them in a row with silence is reset.</li>
 * </ul>
 */
final class GuestProbes {
    private final TcpFlows f;
    private final TcpState st;
    private final GuestOutput out;
    private long nextKeepalive;

    GuestProbes(TcpFlows flows, GuestOutput out) {
        this.f = flows;
        this.st = flows.st;
        this.out = out;
    }

    /** Whether this timer pass is also a keepalive pass (one per keepalive interval). */
    boolean keepaliveDue(long now) {
        if (nextKeepalive != 0 && now - nextKeepalive < 0) {
            return false;
        }
        boolean due = nextKeepalive != 0;
        nextKeepalive = now + f.timeouts.keepaliveNs();
        return due;
    }

    /** The probes {@code flow} is due; false if that closed it. */
    boolean probe(int flow, long now, boolean keepalivePass) {
        if (!st.has(flow, TcpState.ESTABLISHED) || st.has(flow, TcpState.SYN_TO_GUEST)) {
            return true;
        }
        // Window-limited with nothing in flight: the guest's window is closed.
        if (st.has(flow, TcpState.WINDOW_LIMITED) && st.inFlight(flow) == 0) {
            return zeroWindow(flow, now);
        }
        st.probeAt[flow] = 0;
        st.probes[flow] = 0;
        if (keepalivePass) {
            if (st.has(flow, TcpState.GUEST_QUIET) && st.inFlight(flow) == 0) {
                send(flow);
            }
            st.set(flow, TcpState.GUEST_QUIET);
        }
        return true;
    }

    private boolean zeroWindow(int flow, long now) {
        if (st.probeAt[flow] == 0) {
            st.probeAt[flow] = now + f.timeouts.rto(0);
            return true;
        }
        if (now - st.probeAt[flow] < 0) {
            return true;
        }
        if (st.probes[flow] > 0 && st.has(flow, TcpState.GUEST_QUIET)) {
            if (++st.retransmissions[flow] >= f.timeouts.maxRetransmissions()) {
                out.resetGuest(flow);
                f.close(flow, true);
                return false;
            }
        } else {
            st.retransmissions[flow] = 0;
        }
        send(flow);
        st.set(flow, TcpState.GUEST_QUIET);
        st.probes[flow]++;
        st.probeAt[flow] = now + f.timeouts.rto(st.probes[flow]);
        return true;
    }

    private void send(int flow) {
        out.segment(flow, Tcp.ACK_FLAG, st.toGuest[flow] - 1, 0);
    }
}

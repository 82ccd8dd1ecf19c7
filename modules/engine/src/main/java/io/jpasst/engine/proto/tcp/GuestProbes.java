package io.jpasst.engine.proto.tcp;

import io.jpasst.engine.packet.ip.Tcp;

/**
 * Segments that make the guest speak: keepalives and zero-window probes. Both are an ACK with
 * the sequence number just before our next one, which a live guest answers with an ACK (and
 * its current window), and a guest that forgot the connection with a reset.
 * <ul>
 * <li>Keepalive: a connection the guest sent nothing on for a whole keepalive interval gets
 *     one, and another each interval it stays silent, so that flows the guest dropped (a
 *     reboot, its FIN_WAIT2 timeout) go now instead of after the two-hour activity timeout.</li>
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

    GuestProbes(TcpFlows flows, GuestOutput out) {
        this.f = flows;
        this.st = flows.st;
        this.out = out;
    }

    /**
     * {@code next}, or the flow's next probe or keepalive if that is earlier. A connection still
     * connecting counts its keepalive too, so that its timer is armed for it already when the
     * connect completes (no timer is touched then).
     */
    long due(int flow, long next) {
        if (st.has(flow, TcpState.SYN_TO_GUEST)) {
            return next;
        }
        if (windowClosed(flow)) {
            return st.probeAt[flow] == 0 ? next : TcpTimers.earlier(next, st.probeAt[flow]);
        }
        return TcpTimers.earlier(next, st.quietSince[flow] + f.timeouts.keepaliveNs());
    }

    /** The probes {@code flow} is due at {@code now}; false if that closed it. */
    boolean probe(int flow, long now) {
        if (st.has(flow, TcpState.SYN_TO_GUEST)) {
            return true;
        }
        if (windowClosed(flow)) {
            return zeroWindow(flow, now);
        }
        windowOpen(flow);
        if (now - (st.quietSince[flow] + f.timeouts.keepaliveNs()) >= 0) {
            // With data in flight, the retransmissions ask instead; connecting, nobody is asked.
            if (st.has(flow, TcpState.ESTABLISHED) && st.inFlight(flow) == 0) {
                send(flow);
            }
            st.set(flow, TcpState.GUEST_QUIET);
            st.quietSince[flow] = now;
        }
        return true;
    }

    /** The window may have closed with nothing in flight: if so, the first probe goes one timeout from now. */
    void armZeroWindow(int flow, long now) {
        if (st.probeAt[flow] == 0 && st.inFlight(flow) == 0) {
            st.probeAt[flow] = now + f.timeouts.rto(0);
            f.dueBy(flow, st.probeAt[flow]);
        }
    }

    /** The window is open: one that closes later is probed from the first timeout again. */
    void windowOpen(int flow) {
        st.probeAt[flow] = 0;
        st.probes[flow] = 0;
    }

    /** Window-limited (so established) with nothing in flight: the guest's window is closed. */
    private boolean windowClosed(int flow) {
        return st.has(flow, TcpState.WINDOW_LIMITED) && st.inFlight(flow) == 0;
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

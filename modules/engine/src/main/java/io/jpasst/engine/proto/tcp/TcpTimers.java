package io.jpasst.engine.proto.tcp;

import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.packet.ip.Tcp;

/**
 * The deadlines of a flow, on its one expiry timer in the flow table (as UDP and ping flows
 * have theirs): the retransmission of unacknowledged data or of our SYN, the next
 * zero-window probe or keepalive, and the idle limit (an unanswered handshake, a half-closed
 * connection, a silent one). Nothing scans the flows: each one's timer is armed for the
 * earliest of its deadlines and fires then, on the loop's clock.
 *
 * <p>The armed deadline may be earlier than the flow's true next one, never later: what moves
 * a deadline later (the guest's acknowledgement restarting the retransmission timer, any
 * activity) touches no timer, and the early firing finds nothing due and arms the timer again
 * for what is. What brings a deadline nearer calls {@link TcpFlows#dueBy}, which moves the
 * timer only when that is earlier than where it is armed: no heap operation per segment.
 */
final class TcpTimers {
    private final TcpFlows f;
    /** Retransmissions, and through it the segments to the guest and its probes. */
    private final HostToGuest data;

    TcpTimers(TcpFlows flows, HostToGuest data) {
        this.f = flows;
        this.data = data;
    }

    /** Arms a new flow's timer for its first deadline. */
    void started(int flow) {
        f.table.expireAt(flow, next(flow));
    }

    /** The flow's timer fired at {@code now}: whatever is due happens, then it waits for the next. */
    void expired(int flow, long now) {
        if (f.st.fd[flow] < 0 || !retransmit(flow, now) || !data.probes.probe(flow, now)) {
            return;
        }
        if (now - idleDeadline(flow) >= 0) {
            // Unanswered handshakes go after their schedule, half-dead connections after a
            // minute, silent ones after two hours.
            data.out.resetGuest(flow);
            f.close(flow, true);
            return;
        }
        long next = next(flow);
        f.table.expireAt(flow, next - now > 0 ? next : now + 1);
    }

    /** A due retransmission timeout: our SYN or the unacknowledged data again; false if the flow is gone. */
    private boolean retransmit(int flow, long now) {
        long due = f.st.rtoDeadline[flow];
        if (due == 0 || now - due < 0) {
            return true;
        }
        boolean synPending = f.st.has(flow, TcpState.SYN_TO_GUEST);
        if (!synPending && f.st.inFlight(flow) == 0) {
            f.st.rtoDeadline[flow] = 0;
            return true;
        }
        int tries = synPending ? f.timeouts.synRetries() : f.timeouts.maxRetransmissions();
        if (++f.st.retransmissions[flow] > tries) {
            // The guest stopped answering: both sides learn the connection is gone.
            data.out.resetGuest(flow);
            f.close(flow, true);
            return false;
        }
        if (synPending) {
            // Our SYN to the guest got no answer yet: send it again.
            data.out.segment(flow, Tcp.SYN, f.st.toGuest[flow] - 1, data.out.synMss(flow));
            f.st.rtoDeadline[flow] = now + f.timeouts.synRto(f.st.retransmissions[flow]);
            return true;
        }
        data.rewind(flow, now);
        return f.st.fd[flow] >= 0;
    }

    /** The earliest of the flow's deadlines. */
    private long next(int flow) {
        long next = idleDeadline(flow);
        if (f.st.rtoDeadline[flow] != 0 && (f.st.has(flow, TcpState.SYN_TO_GUEST) || f.st.inFlight(flow) > 0)) {
            next = earlier(next, f.st.rtoDeadline[flow]);
        }
        return data.probes.due(flow, next);
    }

    /** When the flow has been idle past its limit (a nanosecond past, as the limit allows that long). */
    private long idleDeadline(int flow) {
        return f.st.lastActivity[flow] + idleLimit(flow) + 1;
    }

    /** How long a flow may go without traffic in its state. */
    private long idleLimit(int flow) {
        if (f.st.has(flow, TcpState.SYN_TO_GUEST)) {
            return f.timeouts.synNs();
        }
        return f.st.has(flow, TcpState.GUEST_FIN | TcpState.FIN_SENT) ? f.timeouts.closingIdleNs() : f.timeouts.activityNs();
    }

    /** The earlier of two deadlines on a clock that may wrap. */
    static long earlier(long a, long b) {
        return b - a < 0 ? b : a;
    }

    /** The owner of {@link FlowTable#TCP} entries: their state grows with the table, their timers end here. */
    FlowTable.Owner owner() {
        return new FlowTable.Owner() {
            @Override
            public void grow(int allocated) {
                f.grow(allocated);
            }

            @Override
            public void expired(int flow, long now) {
                TcpTimers.this.expired(flow, now);
            }
        };
    }
}

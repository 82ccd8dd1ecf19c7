package io.jpasst.engine.proto.tcp;

import io.jpasst.engine.packet.ip.Tcp;
import io.jpasst.engine.runtime.log.Log;
import io.jpasst.sys.Errno;

/**
 * Host data to the guest: peeked from the socket straight into frame payloads within the
 * guest's window, kept in the socket until acknowledged, and sent again from the last
 * acknowledged byte when the retransmission timer or duplicate ACKs say so.
 */
final class HostToGuest {
    private final TcpFlows f;
    private final TcpState st;
    private final TapQueue queue;
    final GuestOutput out;
    /** Keepalives and zero-window probes; their timing is {@link TcpTimers}'. */
    final GuestProbes probes;

    HostToGuest(TcpFlows flows, GuestOutput out) {
        this.f = flows;
        this.st = flows.st;
        this.queue = flows.queue;
        this.out = out;
        this.probes = new GuestProbes(flows, out);
    }

    /**
     * Sends the guest what the socket holds past the peek offset, as far as the guest's window
     * goes; at end of stream, our FIN.
     */
    void pushToGuest(int flow, long now) {
        if (!st.has(flow, TcpState.ESTABLISHED) || st.has(flow, TcpState.FIN_SENT)) {
            return;
        }
        int fd = st.fd[flow];
        int mss = st.mss[flow];
        long payloadOff = st.v6[flow] ? TcpFrames.PAYLOAD6 : TcpFrames.PAYLOAD4;
        long base = queue.segment().address();
        while (true) {
            int room = st.ackedByGuest[flow] + st.guestWindow[flow] - st.toGuest[flow];
            if (room <= 0) {
                // Edge-triggered readiness will not repeat for data already waiting: the
                // guest's next acknowledgement or window update resumes from here.
                st.set(flow, TcpState.WINDOW_LIMITED);
                probes.armZeroWindow(flow, now);
                return;
            }
            if (st.has(flow, TcpState.WINDOW_LIMITED)) {
                st.clear(flow, TcpState.WINDOW_LIMITED);
                probes.windowOpen(flow);
            }
            queue.reserve(1);
            int frames = Math.min(Math.min(queue.free(), TcpSockets.MAX_IOV - 1), (room + mss - 1) / mss);
            long want = 0;
            for (int i = 0; i < frames; i++) {
                int len = (int) Math.min(mss, room - want);
                f.io.vector(i, base + queue.ahead(i) + payloadOff, len);
                want += len;
            }
            long n = f.io.peek(fd, frames);
            if (Log.tracing()) {
                Log.trace("TCP flow " + flow + ": peek " + frames + " frames of " + mss + ", room " + room + " -> " + n);
            }
            if (n == 0) {
                st.set(flow, TcpState.SOCK_EOF);
                out.segment(flow, Tcp.FIN | Tcp.ACK_FLAG, st.toGuest[flow], 0);
                st.toGuest[flow]++;
                st.set(flow, TcpState.FIN_SENT);
                f.closing(flow);
                armRto(flow, now);
                return;
            }
            if (n < 0) {
                if (n != -Errno.EAGAIN) {
                    out.resetGuest(flow);
                    f.close(flow, true);
                }
                return;
            }
            emitData(flow, n, mss);
            armRto(flow, now);
            if (n < want && !st.has(flow, TcpState.PEER_CLOSED)) {
                // Drained; with the peer's FIN seen, one more peek finds the end of stream.
                return;
            }
        }
    }

    /** Builds headers around {@code n} bytes just peeked into consecutive free slots. */
    private void emitData(int flow, long n, int mss) {
        out.ourWindow(flow);
        long left = n;
        while (left > 0) {
            int len = (int) Math.min(mss, left);
            left -= len;
            int flags = left == 0 ? Tcp.ACK_FLAG | Tcp.PSH : Tcp.ACK_FLAG;
            out.segmentWithPayload(flow, flags, st.toGuest[flow], len);
            st.toGuest[flow] += len;
        }
    }

    private void armRto(int flow, long now) {
        if (st.rtoDeadline[flow] == 0) {
            st.rtoDeadline[flow] = now + f.timeouts.rto(st.retransmissions[flow]);
            f.dueBy(flow, st.rtoDeadline[flow]);
        }
    }

    /** Retransmission: everything after the guest's last acknowledgement goes again. */
    void rewind(int flow, long now) {
        st.dupAcks[flow] = 0;
        st.toGuest[flow] = st.ackedByGuest[flow];
        if (st.has(flow, TcpState.FIN_SENT) && !st.has(flow, TcpState.FIN_ACKED)) {
            st.clear(flow, TcpState.FIN_SENT);
        }
        TcpSockets.peekOffset(st.fd[flow], 0);
        st.rtoDeadline[flow] = 0;
        pushToGuest(flow, now);
    }
}

package io.jpasst.engine.proto.tcp;

import io.jpasst.engine.packet.ip.Tcp;
import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.sys.Epoll;
import io.jpasst.sys.Errno;
import io.jpasst.sys.Sock;

/**
 * Readiness of a flow's host socket: a connect completing (the guest gets its SYN-ACK or a
 * reset), send room returning (the guest's window reopens), data or the peer's FIN arriving,
 * errors.
 */
final class SocketEvents {
    private final TcpFlows f;
    private final TcpState st;
    private final GuestOutput out;
    private final HostToGuest data;

    SocketEvents(TcpFlows flows, GuestOutput out, HostToGuest data) {
        this.f = flows;
        this.st = flows.st;
        this.out = out;
        this.data = data;
    }

    void socketEvent(int flow, int fd, int events, long now) {
        if (!f.table.inUse(flow) || st.fd[flow] != fd) {
            f.loop.remove(fd);
            return;
        }
        st.lastActivity[flow] = now;
        if (st.has(flow, TcpState.CONNECTING)) {
            connected(flow, events);
            return;
        }
        if ((events & (Epoll.RDHUP | Epoll.HUP)) != 0) {
            st.set(flow, TcpState.PEER_CLOSED);
        }
        if ((events & Epoll.ERR) != 0) {
            out.resetGuest(flow);
            f.close(flow, false);
            return;
        }
        if ((events & Epoll.OUT) != 0 && st.has(flow, TcpState.WANT_OUT)) {
            st.clear(flow, TcpState.WANT_OUT);
            f.loop.modify(fd, TcpFlows.SOCK_EVENTS, EpollRef.of(EventType.TCP, fd, flow));
            // The reopened window; after refused data, three more identical ACKs so that the
            // guest retransmits at once instead of after its timeout.
            int acks = st.has(flow, TcpState.DATA_REFUSED) ? 4 : 1;
            st.clear(flow, TcpState.DATA_REFUSED);
            for (int i = 0; i < acks; i++) {
                out.segment(flow, Tcp.ACK_FLAG, st.toGuest[flow], 0);
            }
        }
        if (st.has(flow, TcpState.ESTABLISHED)) {
            data.pushToGuest(flow, now);
            out.closeIfDone(flow);
        }
    }

    private void connected(int flow, int events) {
        int fd = st.fd[flow];
        int err = Sock.getsockoptInt(fd, Sock.SOL_SOCKET, Sock.SO_ERROR);
        if (err != 0 || (events & (Epoll.ERR | Epoll.HUP)) != 0) {
            if (Log.debugging()) {
                Log.debug("TCP flow " + flow + ": connect failed, " + Errno.message(err) + ", events " + events);
            }
            out.refused(flow);
            return;
        }
        if ((events & Epoll.OUT) == 0) {
            return;
        }
        st.clear(flow, TcpState.CONNECTING);
        st.set(flow, TcpState.ESTABLISHED);
        f.loop.modify(fd, TcpFlows.SOCK_EVENTS, EpollRef.of(EventType.TCP, fd, flow));
        out.synAck(flow, st.toGuest[flow]);
        // The SYN counts as acknowledged: a lost SYN-ACK is recovered by the guest's own SYN
        // retransmission, which is answered again, so no byte is ever discarded for it.
        st.toGuest[flow]++;
        st.ackedByGuest[flow] = st.toGuest[flow];
        st.ackedToGuest[flow] = st.fromGuest[flow];
        st.rtoDeadline[flow] = 0;
    }
}

package io.jpasst.engine.proto.tcp;

import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.ip.Tcp;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.sys.Epoll;

/**
 * Segments towards the guest and the bookkeeping of what they say: the window we advertise
 * (the socket's free send room), the acknowledgements batched to the end of the round, and
 * the resets and SYNs of a flow.
 */
final class GuestOutput {
    private final TcpFlows f;
    private final TcpState st;
    private final TapQueue queue;

    GuestOutput(TcpFlows flows) {
        this.f = flows;
        this.st = flows.st;
        this.queue = flows.queue;
    }

    /** A segment without payload (ACK, SYN-ACK, FIN) in the next free slot. */
    void segment(int flow, int flags, int seq, int mss) {
        queue.reserve(1);
        buildInto(queue.next(), flow, flags, seq, mss, 0);
    }

    /** A data segment whose payload is already in the next free slot. */
    void segmentWithPayload(int flow, int flags, int seq, int len) {
        buildInto(queue.next(), flow, flags, seq, 0, len);
    }

    private void buildInto(long off, int flow, int flags, int seq, int mss, int payloadLen) {
        int ack = st.fromGuest[flow];
        int ws = (flags & Tcp.SYN) != 0 && st.ourShift[flow] > 0 ? st.ourShift[flow] : TcpSegment.NO_WSCALE;
        // Data segments reuse the window of the last pure ACK: two system calls per segment
        // would cost more than the window is worth.
        int window = (flags & Tcp.SYN) != 0 ? 0xffff : payloadLen > 0 ? st.advertised[flow] : ourWindow(flow);
        int len = TcpFrames.build(queue.segment(), off, st.v6[flow], st.guestMac[flow], f.ourMac,
                st.remoteHi[flow], st.remoteLo[flow], st.guestHi[flow], st.guestLo[flow], st.pseudo[flow],
                st.remotePort[flow], st.guestPort[flow], seq, ack, flags, window, mss, ws, payloadLen);
        queue.commit(len);
        st.ackedToGuest[flow] = ack;
    }

    /** The window field we advertise: the socket's free send room, scaled. */
    int ourWindow(int flow) {
        if (st.has(flow, TcpState.GUEST_FIN)) {
            return 0;
        }
        int room = f.io.sendRoom(st.fd[flow]);
        if (room < st.mss[flow] && f.io.sendQueued()) {
            // Too small for a full segment: the guest would wait for a window update that
            // only its zero-window probes would trigger. Announce the room when it is there.
            // (An empty socket has all the room it will get: with autotuned buffers, a new
            // connection's is smaller than a 64 KiB segment, and waiting for more would spin.)
            waitForRoom(flow);
        }
        st.advertised[flow] = Math.min(room >>> st.ourShift[flow], 0xffff);
        return st.advertised[flow];
    }

    void waitForRoom(int flow) {
        if (!st.has(flow, TcpState.WANT_OUT)) {
            st.set(flow, TcpState.WANT_OUT);
            int s = st.fd[flow];
            f.loop.modify(s, TcpFlows.SOCK_EVENTS | Epoll.OUT, EpollRef.of(EventType.TCP, s, flow));
        }
    }

    void queueAck(int flow, boolean forced) {
        if (forced) {
            st.set(flow, TcpState.ACK_FORCED);
        }
        if (!st.has(flow, TcpState.ACK_QUEUED)) {
            st.set(flow, TcpState.ACK_QUEUED);
            f.ackList[f.ackCount++] = flow;
        }
    }

    void resetGuest(int flow) {
        segment(flow, Tcp.RST | Tcp.ACK_FLAG, st.toGuest[flow], 0);
    }

    /** SYN-ACK with our MSS and (if the guest scales) window scale; {@code seq} is our ISN. */
    void synAck(int flow, int seq) {
        segment(flow, Tcp.SYN | Tcp.ACK_FLAG, seq, synMss(flow));
    }

    /** The MSS we announce: what fits our MTU. */
    int synMss(int flow) {
        return Math.min(f.mtu - (st.v6[flow] ? Ipv6.HLEN : Ipv4.HLEN) - Tcp.HLEN, 0xffff);
    }

    /** connect failed: the guest gets the RST a closed port would have sent. */
    void refused(int flow) {
        queue.reserve(1);
        int len = TcpFrames.build(queue.segment(), queue.next(), st.v6[flow], st.guestMac[flow], f.ourMac,
                st.remoteHi[flow], st.remoteLo[flow], st.guestHi[flow], st.guestLo[flow], st.pseudo[flow],
                st.remotePort[flow], st.guestPort[flow], 0, st.fromGuest[flow], Tcp.RST | Tcp.ACK_FLAG, 0,
                0, TcpSegment.NO_WSCALE, 0);
        queue.commit(len);
        f.close(flow, false);
    }

    /**
     * Both FINs are through: the flow goes now. The guest's FIN is acknowledged first (the
     * end-of-round ACK skips flows that are gone): a guest left without that ACK would
     * retransmit its FIN into a flow we no longer know and get a reset.
     */
    void closeIfDone(int flow) {
        if (st.fd[flow] >= 0 && st.has(flow, TcpState.GUEST_FIN) && st.has(flow, TcpState.FIN_ACKED)) {
            if (st.ackedToGuest[flow] != st.fromGuest[flow] || st.has(flow, TcpState.ACK_FORCED)) {
                segment(flow, Tcp.ACK_FLAG, st.toGuest[flow], 0);
            }
            f.close(flow, false);
        }
    }

    /** End of a loop round: acknowledge what was received, then send every queued frame. */
    void endOfRound(long now) {
        for (int i = 0; i < f.ackCount; i++) {
            int flow = f.ackList[i];
            if (!f.table.inUse(flow) || st.fd[flow] < 0) {
                continue;
            }
            boolean forced = st.has(flow, TcpState.ACK_FORCED);
            st.clear(flow, TcpState.ACK_QUEUED | TcpState.ACK_FORCED);
            if (forced || st.ackedToGuest[flow] != st.fromGuest[flow]) {
                segment(flow, Tcp.ACK_FLAG, st.toGuest[flow], 0);
            }
        }
        f.ackCount = 0;
        queue.flush();
    }
}

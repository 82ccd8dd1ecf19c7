package io.jpasst.engine.proto.tcp;

import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.flow.nat.AddressMap;
import io.jpasst.engine.flow.OutboundSockets;
import io.jpasst.engine.packet.DropReason;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.packet.ip.Tcp;
import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.sys.Epoll;
import io.jpasst.sys.Errno;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;

/**
 * Segments from the guest: a SYN opens a flow (a non-blocking connect to where
 * {@link AddressMap} maps the destination), acknowledgements free what the socket kept for
 * retransmission, in-order data goes to the socket, anything unknown gets a reset.
 */
final class GuestSegments {
    private final TcpFlows f;
    private final TcpState st;
    private final TapQueue queue;
    private final GuestOutput out;
    private final HostToGuest data;
    private final AddressMap nat;
    private final TcpSegment in = new TcpSegment();
    /** Interface and source address of connect sockets ({@code -o}, {@code --outbound-if4/6}). */
    OutboundSockets outbound;

    GuestSegments(TcpFlows flows, GuestOutput out, HostToGuest data, AddressMap nat) {
        this.f = flows;
        this.st = flows.st;
        this.queue = flows.queue;
        this.out = out;
        this.data = data;
        this.nat = nat;
    }

    /** One segment the guest sent. */
    void fromGuest(ParsedFrame frame, long now) {
        if (!in.parse(frame)) {
            f.drops.count(in.reason());
            return;
        }
        boolean six = in.isIpv6();
        int flow = f.table.lookup(six ? TcpFlows.KEY_V6 : TcpFlows.KEY_V4, in.srcHi(), in.srcLo(), in.srcPort(),
                in.dstHi(), in.dstLo(), in.dstPort());
        if (flow == FlowTable.NONE) {
            if (in.has(Tcp.SYN) && !in.has(Tcp.ACK_FLAG) && !in.has(Tcp.RST)) {
                open(now);
            } else if (!in.has(Tcp.RST)) {
                resetUnknown();
            }
            return;
        }
        if (in.has(Tcp.SYN) && !in.has(Tcp.ACK_FLAG) && !in.has(Tcp.RST) && !sameSyn(flow)) {
            // The guest forgot this connection (it reuses the ports of one whose close we
            // had not seen through): the old one is gone for good, this is a new one.
            f.close(flow, true);
            open(now);
            return;
        }
        st.lastActivity[flow] = now;
        st.quietSince[flow] = now;
        st.clear(flow, TcpState.GUEST_QUIET);
        if (in.has(Tcp.RST)) {
            // The guest aborted: so does the host side, as the guest's peer would have seen.
            f.close(flow, true);
            return;
        }
        if (st.has(flow, TcpState.SYN_TO_GUEST)) {
            guestSynAck(flow, now);
            return;
        }
        if (!st.has(flow, TcpState.ESTABLISHED)) {
            // Still connecting: the SYN-ACK (or RST) follows when connect() completes.
            return;
        }
        if (in.has(Tcp.SYN)) {
            // A retransmitted SYN: our SYN-ACK was lost. Nothing was sent after it yet.
            if (in.seq() + 1 == st.fromGuest[flow] && st.inFlight(flow) == 0) {
                out.synAck(flow, st.toGuest[flow] - 1);
            }
            return;
        }
        if (in.has(Tcp.ACK_FLAG)) {
            acknowledged(flow, now);
            if (st.fd[flow] < 0) {
                return;
            }
        }
        if (in.payloadLength() > 0 || in.has(Tcp.FIN)) {
            guestData(flow);
        } else if (Seq.lt(in.seq(), st.fromGuest[flow])) {
            // A keepalive probe (the byte before the next one expected): the peer would
            // acknowledge it, so do we; it counted as activity above.
            out.queueAck(flow, true);
        }
        if (st.fd[flow] >= 0) {
            if (st.has(flow, TcpState.WINDOW_LIMITED)) {
                data.pushToGuest(flow, now);
            }
            out.closeIfDone(flow);
        }
    }

    /**
     * Whether the SYN in {@link #in} belongs to {@code flow}: a retransmission of the guest's
     * own SYN (same initial sequence), or, while our SYN to the guest is out, a simultaneous
     * open. Any other SYN on these ports starts a new connection.
     */
    private boolean sameSyn(int flow) {
        return st.has(flow, TcpState.SYN_TO_GUEST) || in.seq() == st.guestIsn[flow];
    }

    /** A guest SYN for a new connection: non-blocking connect; the SYN-ACK waits for it. */
    private void open(long now) {
        boolean six = in.isIpv6();
        nat.toHost(six, in.dstHi(), in.dstLo(), in.dstPort());
        int s = Sock.socket(six ? Sock.AF_INET6 : Sock.AF_INET, Sock.SOCK_STREAM | Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC, 0);
        if (s < 0) {
            f.drops.count(DropReason.SOCKET_ERROR);
            resetUnknown();
            return;
        }
        if (s > EpollRef.MAX_FD) {
            Fd.close(s);
            f.drops.count(DropReason.FLOW_TABLE_FULL);
            resetUnknown();
            return;
        }
        if (outbound != null && outbound.prepare(s, six, nat.hi(), nat.lo()) < 0) {
            Fd.close(s);
            f.drops.count(DropReason.SOCKET_ERROR);
            resetUnknown();
            return;
        }
        int flow = f.insert(six ? TcpFlows.KEY_V6 : TcpFlows.KEY_V4, in.srcHi(), in.srcLo(), in.srcPort(),
                in.dstHi(), in.dstLo(), in.dstPort());
        if (flow == FlowTable.NONE) {
            Fd.close(s);
            f.drops.count(DropReason.FLOW_TABLE_FULL);
            resetUnknown();
            return;
        }
        TcpFlows.prepare(s);
        Sock.setsockoptInt(s, Sock.IPPROTO_TCP, Sock.TCP_SYNCNT, TcpTap.SYN_RETRIES);
        f.remember(flow, s, six, in.srcMac(), in.srcHi(), in.srcLo(), in.srcPort(), in.dstHi(), in.dstLo(), in.dstPort());
        synParameters(flow);
        st.guestIsn[flow] = in.seq();
        st.fromGuest[flow] = in.seq() + 1;
        st.ackedToGuest[flow] = st.fromGuest[flow];
        int isn = f.random.nextInt();
        st.toGuest[flow] = isn;
        st.ackedByGuest[flow] = isn;
        st.flags[flow] = TcpState.CONNECTING;
        st.lastActivity[flow] = now;
        st.quietSince[flow] = now;
        f.timers.started(flow);
        int saLen = f.socketAddress(six, nat.hi(), nat.lo(), in.dstPort());
        int rc = Sock.connect(s, f.sockaddr, 0, saLen);
        if (rc < 0 && rc != -Errno.EINPROGRESS) {
            if (Log.debugging()) {
                Log.debug("TCP flow " + flow + ": connect failed at once, " + Errno.message(-rc));
            }
            out.refused(flow);
            return;
        }
        if (f.loop.add(s, TcpFlows.SOCK_EVENTS | Epoll.OUT, EpollRef.of(EventType.TCP, s, flow)) < 0) {
            f.drops.count(DropReason.SOCKET_ERROR);
            out.refused(flow);
        }
    }

    /** Takes MSS and window scaling from the guest's SYN (or SYN-ACK) in {@link #in}. */
    private void synParameters(int flow) {
        int limit = f.mtu - (in.isIpv6() ? Ipv6.HLEN : Ipv4.HLEN) - Tcp.HLEN;
        int mss = in.mss() == 0 ? TcpTap.DEFAULT_MSS : in.mss();
        st.mss[flow] = Math.max(64, Math.min(Math.min(mss, limit), TapQueue.SLOT_SIZE - 256));
        boolean scaling = in.wscale() != TcpSegment.NO_WSCALE;
        st.guestShift[flow] = scaling ? in.wscale() : 0;
        st.ourShift[flow] = scaling ? TcpTap.OUR_SHIFT : 0;
        // A SYN's window is never scaled (RFC 7323 2.2).
        st.guestWindow[flow] = in.window();
    }

    /** The guest's SYN-ACK to a connection the host opened. */
    private void guestSynAck(int flow, long now) {
        if (!in.has(Tcp.SYN) || !in.has(Tcp.ACK_FLAG) || in.ack() != st.toGuest[flow]) {
            return;
        }
        synParameters(flow);
        st.ackedByGuest[flow] = in.ack();
        st.guestIsn[flow] = in.seq();
        st.fromGuest[flow] = in.seq() + 1;
        st.clear(flow, TcpState.SYN_TO_GUEST);
        st.set(flow, TcpState.ESTABLISHED);
        st.rtoDeadline[flow] = 0;
        st.retransmissions[flow] = 0;
        out.queueAck(flow, true);
        int s = st.fd[flow];
        if (f.loop.add(s, TcpFlows.SOCK_EVENTS, EpollRef.of(EventType.TCP, s, flow)) < 0) {
            f.close(flow, true);
            return;
        }
        data.pushToGuest(flow, now);
    }

    /** Processes the guest's acknowledgement and window in {@link #in}. */
    private void acknowledged(int flow, long now) {
        int ack = in.ack();
        int acked = ack - st.ackedByGuest[flow];
        int flight = st.inFlight(flow);
        int oldWindow = st.guestWindow[flow];
        st.guestWindow[flow] = in.window() << st.guestShift[flow];
        if (acked < 0 || acked > flight) {
            // Acknowledges nothing new, or data we never sent: keep only the window.
            if (acked > flight) {
                f.drops.count(DropReason.OUT_OF_WINDOW);
            }
            return;
        }
        if (acked == 0) {
            if (flight > 0 && in.payloadLength() == 0 && !in.has(Tcp.FIN) && oldWindow == st.guestWindow[flow]
                    && ++st.dupAcks[flow] == 3) {
                data.rewind(flow, now);
            }
            return;
        }
        st.dupAcks[flow] = 0;
        boolean finSent = st.has(flow, TcpState.FIN_SENT);
        int dataAcked = acked;
        if (finSent && ack == st.toGuest[flow]) {
            st.set(flow, TcpState.FIN_ACKED);
            dataAcked--;
        }
        if (dataAcked > 0) {
            long n = f.io.discard(st.fd[flow], dataAcked);
            if (n != dataAcked) {
                // The socket lost what we had peeked: nothing sensible is left to do.
                f.drops.count(DropReason.SOCKET_ERROR);
                f.close(flow, true);
                return;
            }
        }
        st.ackedByGuest[flow] = ack;
        st.retransmissions[flow] = 0;
        st.rtoDeadline[flow] = st.inFlight(flow) > 0 ? now + f.timeouts.rtoNs() : 0;
        if (st.rtoDeadline[flow] != 0) {
            // Sooner than a backed-off timeout it replaces.
            f.dueBy(flow, st.rtoDeadline[flow]);
        }
    }

    /** In-order guest data (and FIN) to the socket; anything else is dropped and re-acknowledged. */
    private void guestData(int flow) {
        int len = in.payloadLength();
        int offset = st.fromGuest[flow] - in.seq();
        if (offset < 0) {
            // Beyond what we expect: a segment before it was lost. Ask again.
            f.drops.count(DropReason.OUT_OF_WINDOW);
            out.queueAck(flow, true);
            return;
        }
        boolean fin = in.has(Tcp.FIN);
        if (offset > len || (offset == len && (!fin || st.has(flow, TcpState.GUEST_FIN)))) {
            // Entirely old: a retransmission of what the socket already has, unless it lies
            // further back than any window we could have offered.
            if (offset - len > TcpTap.MAX_WINDOW) {
                f.drops.count(DropReason.OUT_OF_WINDOW);
            }
            out.queueAck(flow, true);
            return;
        }
        int fresh = len - offset;
        int written = 0;
        if (fresh > 0) {
            long n = Sock.send(st.fd[flow], in.segment(), in.payloadOffset() + offset, fresh,
                    Sock.MSG_DONTWAIT | Sock.MSG_NOSIGNAL);
            if (n == -Errno.EAGAIN || n == -Errno.EINTR) {
                n = 0;
            } else if (n < 0) {
                out.resetGuest(flow);
                f.close(flow, true);
                return;
            }
            written = (int) n;
            st.fromGuest[flow] += written;
        }
        if (written < fresh) {
            // The socket is full although the window said otherwise: wait for room, then
            // prompt the guest to retransmit with duplicate ACKs.
            st.set(flow, TcpState.DATA_REFUSED);
            f.refusals++;
            out.waitForRoom(flow);
        } else if (fin && !st.has(flow, TcpState.GUEST_FIN)) {
            Sock.shutdown(st.fd[flow], Sock.SHUT_WR);
            st.fromGuest[flow]++;
            st.set(flow, TcpState.GUEST_FIN);
            f.closing(flow);
        }
        out.queueAck(flow, false);
    }

    /** No connection for this segment: answer with RST (RFC 9293 3.10.7.1). */
    private void resetUnknown() {
        int seqLen = in.payloadLength() + (in.has(Tcp.SYN) ? 1 : 0) + (in.has(Tcp.FIN) ? 1 : 0);
        boolean six = in.isIpv6();
        queue.reserve(1);
        long pseudo = six ? TcpFrames.pseudoBase6(in.dstHi(), in.dstLo(), in.srcHi(), in.srcLo())
                : TcpFrames.pseudoBase4((int) in.dstLo(), (int) in.srcLo());
        int seq = in.has(Tcp.ACK_FLAG) ? in.ack() : 0;
        int flags = in.has(Tcp.ACK_FLAG) ? Tcp.RST : Tcp.RST | Tcp.ACK_FLAG;
        int len = TcpFrames.build(queue.segment(), queue.next(), six, in.srcMac(), f.ourMac,
                in.dstHi(), in.dstLo(), in.srcHi(), in.srcLo(), pseudo, in.dstPort(), in.srcPort(),
                seq, in.seq() + seqLen, flags, 0, 0, TcpSegment.NO_WSCALE, 0);
        queue.commit(len);
    }
}

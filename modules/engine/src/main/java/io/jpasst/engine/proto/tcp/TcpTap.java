package io.jpasst.engine.proto.tcp;

import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.flow.GuestNat;
import io.jpasst.engine.flow.OutboundSockets;
import io.jpasst.engine.flow.SocketAddresses;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.packet.ip.Tcp;
import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.DeferredCloses;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import io.jpasst.engine.flow.fwd.HostNat;
import io.jpasst.engine.flow.fwd.TapConnections;
import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.engine.tap.L4Handler;
import io.jpasst.engine.tap.TapBackend;
import io.jpasst.sys.Epoll;
import io.jpasst.sys.Errno;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * TCP between the guest's tap and host sockets, without a TCP stack: one host socket per
 * guest connection, and the two sides' flow control reflected onto each other.
 *
 * <ul>
 * <li>Guest to host: in-order guest data is written to the socket and acknowledged as far as
 *     the socket took it; the window offered to the guest is the socket's free send-buffer
 *     room, so the guest never has more in flight than the kernel can queue.</li>
 * <li>Host to guest: data is peeked (MSG_PEEK with SO_PEEK_OFF) straight into frame payloads
 *     within the guest's window and stays in the socket until the guest acknowledges it; then
 *     it is discarded. A retransmission rewinds the peek offset to the last acknowledged
 *     byte. The socket's receive queue is the retransmission buffer.</li>
 * </ul>
 * Segments to the guest are queued during a loop round and sent at its end, together with
 * one ACK per connection that received data.
 */
public final class TcpTap implements L4Handler, TapConnections {
    /** IPv6 flows use a different protocol tag in the flow table than IPv4 flows. */
    static final int KEY_V4 = Ipv4.PROTO_TCP;
    static final int KEY_V6 = Ipv4.PROTO_TCP | 0x100;
    static final int OUR_SHIFT = 7;
    static final int DEFAULT_MSS = 536;
    static final long TICK_NS = 100_000_000L;
    /**
     * SYN retransmissions of our connect() before the kernel gives up: 3 fails it after 15 s
     * (the C pasta allows 10 s) instead of the default 127 s, so that a guest's SYN flood into
     * an address that never answers holds flows and descriptors only that long.
     */
    static final int SYN_RETRIES = 3;
    /** The largest window we ever advertise: the window field scaled by our shift. */
    static final int MAX_WINDOW = 0xffff << OUR_SHIFT;
    static final int QUEUE_SLOTS = 128;
    /** Flows the table and the state arrays start with; both double as connections come. */
    static final int INITIAL_FLOWS = 256;
    private static final int SOCK_EVENTS = Epoll.IN | Epoll.RDHUP | Epoll.ET;

    private final EventLoop loop;
    private final TcpTimeouts timeouts;
    private final DropCounters drops;
    private final GuestNat nat;
    private final long ourMac;
    private final int mtu;
    private final FlowTable table;
    private final TcpState st;
    private final TapQueue queue;
    private final TcpSockets io = new TcpSockets();
    private final TcpSegment in = new TcpSegment();
    private final MemorySegment sockaddr;
    private int[] ackList;
    private int ackCount;
    /** Sockets of flows closed in this round: an index and a descriptor are not reused at once. */
    private final DeferredCloses closing;
    private final SplittableRandom random = new SplittableRandom();
    /** Source and destination of connections accepted on the host (see {@link #acceptedFromHost}). */
    private HostNat hostNat;
    /** Interface and source address of connect sockets ({@code -o}, {@code --outbound-if4/6}). */
    private OutboundSockets outbound;
    /** What the guest was seen using: its MAC and addresses. */
    private GuestState guest;
    private final long[] pair = new long[2];
    private long refusals;

    public TcpTap(EventLoop loop, TapBackend tap, DropCounters drops, GuestNat nat, long ourMac, int mtu,
                  int maxFlows) {
        this(loop, tap, drops, nat, ourMac, mtu, maxFlows, TcpTimeouts.DEFAULT);
    }

    public TcpTap(EventLoop loop, TapBackend tap, DropCounters drops, GuestNat nat, long ourMac, int mtu,
                  int maxFlows, TcpTimeouts timeouts) {
        this.loop = loop;
        this.timeouts = timeouts;
        this.drops = drops;
        this.nat = nat;
        this.ourMac = ourMac;
        this.mtu = mtu;
        this.table = new FlowTable(maxFlows, INITIAL_FLOWS);
        this.st = new TcpState(table.allocated());
        this.queue = new TapQueue(tap, QUEUE_SLOTS);
        this.ackList = new int[table.allocated()];
        Arena arena = Arena.ofAuto();
        this.sockaddr = arena.allocate(SockAddr.STORAGE_SIZE, 8);
        loop.handle(EventType.TCP, (ref, events, now) -> socketEvent(EpollRef.index(ref), EpollRef.fd(ref), events, now));
        loop.afterRound(this::endOfRound);
        this.closing = new DeferredCloses(loop);
        loop.every(TICK_NS, this::tick);
    }

    /**
     * Enables connections from the host towards the guest: {@code nat} says which addresses
     * they appear to come from and go to, {@code guest} what the guest was seen using.
     */
    public void hostSide(HostNat nat, GuestState guest) {
        this.hostNat = nat;
        this.guest = guest;
    }

    /** Binds every connect socket as {@code sockets} says, before it connects. */
    public void outbound(OutboundSockets sockets) {
        this.outbound = sockets;
    }

    /** Connections currently tracked. */
    public int connections() {
        return table.size();
    }

    // ---------------------------------------------------------------- guest side

    @Override
    public void fromGuest(ParsedFrame frame, long now) {
        if (!in.parse(frame)) {
            drops.count(in.reason());
            return;
        }
        boolean six = in.isIpv6();
        int flow = table.lookup(six ? KEY_V6 : KEY_V4, in.srcHi(), in.srcLo(), in.srcPort(),
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
            close(flow, true);
            open(now);
            return;
        }
        st.lastActivity[flow] = now;
        if (in.has(Tcp.RST)) {
            // The guest aborted: so does the host side, as the guest's peer would have seen.
            close(flow, true);
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
                synAck(flow, st.toGuest[flow] - 1);
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
            queueAck(flow, true);
        }
        if (st.fd[flow] >= 0) {
            if (st.has(flow, TcpState.WINDOW_LIMITED)) {
                pushToGuest(flow, now);
            }
            closeIfDone(flow);
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
        nat.resolve(six, in.dstHi(), in.dstLo(), in.dstPort());
        int s = Sock.socket(six ? Sock.AF_INET6 : Sock.AF_INET, Sock.SOCK_STREAM | Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC, 0);
        if (s < 0) {
            drops.count(DropReason.SOCKET_ERROR);
            resetUnknown();
            return;
        }
        if (s > EpollRef.MAX_FD) {
            Fd.close(s);
            drops.count(DropReason.FLOW_TABLE_FULL);
            resetUnknown();
            return;
        }
        if (outbound != null && outbound.prepare(s, six, nat.hi(), nat.lo()) < 0) {
            Fd.close(s);
            drops.count(DropReason.SOCKET_ERROR);
            resetUnknown();
            return;
        }
        int flow = insert(six ? KEY_V6 : KEY_V4, in.srcHi(), in.srcLo(), in.srcPort(),
                in.dstHi(), in.dstLo(), in.dstPort());
        if (flow == FlowTable.NONE) {
            Fd.close(s);
            drops.count(DropReason.FLOW_TABLE_FULL);
            resetUnknown();
            return;
        }
        st.sndbuf[flow] = prepare(s);
        Sock.setsockoptInt(s, Sock.IPPROTO_TCP, Sock.TCP_SYNCNT, SYN_RETRIES);
        remember(flow, s, six, in.srcMac(), in.srcHi(), in.srcLo(), in.srcPort(), in.dstHi(), in.dstLo(), in.dstPort());
        synParameters(flow);
        st.guestIsn[flow] = in.seq();
        st.fromGuest[flow] = in.seq() + 1;
        st.ackedToGuest[flow] = st.fromGuest[flow];
        int isn = random.nextInt();
        st.toGuest[flow] = isn;
        st.ackedByGuest[flow] = isn;
        st.flags[flow] = TcpState.CONNECTING;
        st.lastActivity[flow] = now;
        int saLen = socketAddress(six, nat.hi(), nat.lo(), in.dstPort());
        int rc = Sock.connect(s, sockaddr, 0, saLen);
        if (rc < 0 && rc != -Errno.EINPROGRESS) {
            if (Log.debugging()) {
                Log.debug("TCP flow " + flow + ": connect failed at once, " + Errno.message(-rc));
            }
            refused(flow);
            return;
        }
        if (loop.add(s, SOCK_EVENTS | Epoll.OUT, EpollRef.of(EventType.TCP, s, flow)) < 0) {
            drops.count(DropReason.SOCKET_ERROR);
            refused(flow);
        }
    }

    /** A new flow in the table; the state arrays grow with it. */
    private int insert(int key, long gHi, long gLo, int gPort, long rHi, long rLo, int rPort) {
        int flow = table.insert(key, gHi, gLo, gPort, rHi, rLo, rPort);
        int size = table.allocated();
        if (size > ackList.length) {
            st.grow(size);
            ackList = Arrays.copyOf(ackList, size);
        }
        return flow;
    }

    /**
     * Socket options of every connection: peeking starts at offset 0; keepalive (see below);
     * no Nagle delay (the guest's stack already decided when to send); and the largest send
     * buffer the system allows, because the window we offer the guest is that buffer's free
     * room: autotuning starts it at a few KiB and would keep the guest's window tiny for the
     * first round trips.
     */
    private static int prepare(int s) {
        Sock.setsockoptInt(s, Sock.SOL_SOCKET, Sock.SO_PEEK_OFF, 0);
        // We answer the guest's keepalive probes ourselves, which keeps a flow alive past the
        // activity timeout: the kernel's own probes (after its tcp_keepalive_time) then find
        // out whether the host-side peer is still there, and an error resets the guest.
        Sock.setsockoptInt(s, Sock.SOL_SOCKET, Sock.SO_KEEPALIVE, 1);
        Sock.setsockoptInt(s, Sock.IPPROTO_TCP, Sock.TCP_NODELAY, 1);
        Sock.setsockoptInt(s, Sock.SOL_SOCKET, Sock.SO_SNDBUF, Integer.MAX_VALUE / 2);
        // Set explicitly, the size no longer changes: read it once, not per window update.
        return Math.max(0, Sock.getsockoptInt(s, Sock.SOL_SOCKET, Sock.SO_SNDBUF));
    }

    private void remember(int flow, int s, boolean six, long mac, long gHi, long gLo, int gPort,
                          long rHi, long rLo, int rPort) {
        st.fd[flow] = s;
        st.v6[flow] = six;
        st.guestMac[flow] = mac;
        st.guestHi[flow] = gHi;
        st.guestLo[flow] = gLo;
        st.guestPort[flow] = gPort;
        st.remoteHi[flow] = rHi;
        st.remoteLo[flow] = rLo;
        st.remotePort[flow] = rPort;
        st.pseudo[flow] = six ? TcpFrames.pseudoBase6(rHi, rLo, gHi, gLo) : TcpFrames.pseudoBase4((int) rLo, (int) gLo);
        st.dupAcks[flow] = 0;
        st.rtoDeadline[flow] = 0;
    }

    /** Takes MSS and window scaling from the guest's SYN (or SYN-ACK) in {@link #in}. */
    private void synParameters(int flow) {
        int limit = mtu - (in.isIpv6() ? Ipv6.HLEN : Ipv4.HLEN) - Tcp.HLEN;
        int mss = in.mss() == 0 ? DEFAULT_MSS : in.mss();
        st.mss[flow] = Math.max(64, Math.min(Math.min(mss, limit), TapQueue.SLOT_SIZE - 256));
        boolean scaling = in.wscale() != TcpSegment.NO_WSCALE;
        st.guestShift[flow] = scaling ? in.wscale() : 0;
        st.ourShift[flow] = scaling ? OUR_SHIFT : 0;
        // A SYN's window is never scaled (RFC 7323 2.2).
        st.guestWindow[flow] = in.window();
    }

    private int socketAddress(boolean six, long hi, long lo, int port) {
        return SocketAddresses.write(sockaddr, 0, six, hi, lo, port);
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
        queueAck(flow, true);
        int s = st.fd[flow];
        if (loop.add(s, SOCK_EVENTS, EpollRef.of(EventType.TCP, s, flow)) < 0) {
            close(flow, true);
            return;
        }
        pushToGuest(flow, now);
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
                drops.count(DropReason.OUT_OF_WINDOW);
            }
            return;
        }
        if (acked == 0) {
            if (flight > 0 && in.payloadLength() == 0 && !in.has(Tcp.FIN) && oldWindow == st.guestWindow[flow]
                    && ++st.dupAcks[flow] == 3) {
                rewind(flow, now);
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
            long n = io.discard(st.fd[flow], dataAcked);
            if (n != dataAcked) {
                // The socket lost what we had peeked: nothing sensible is left to do.
                drops.count(DropReason.SOCKET_ERROR);
                close(flow, true);
                return;
            }
        }
        st.ackedByGuest[flow] = ack;
        st.retransmissions[flow] = 0;
        st.rtoDeadline[flow] = st.inFlight(flow) > 0 ? now + timeouts.rtoNs() : 0;
    }

    /** In-order guest data (and FIN) to the socket; anything else is dropped and re-acknowledged. */
    private void guestData(int flow) {
        int len = in.payloadLength();
        int offset = st.fromGuest[flow] - in.seq();
        if (offset < 0) {
            // Beyond what we expect: a segment before it was lost. Ask again.
            drops.count(DropReason.OUT_OF_WINDOW);
            queueAck(flow, true);
            return;
        }
        boolean fin = in.has(Tcp.FIN);
        if (offset > len || (offset == len && (!fin || st.has(flow, TcpState.GUEST_FIN)))) {
            // Entirely old: a retransmission of what the socket already has, unless it lies
            // further back than any window we could have offered.
            if (offset - len > MAX_WINDOW) {
                drops.count(DropReason.OUT_OF_WINDOW);
            }
            queueAck(flow, true);
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
                resetGuest(flow);
                close(flow, true);
                return;
            }
            written = (int) n;
            st.fromGuest[flow] += written;
        }
        if (written < fresh) {
            // The socket is full although the window said otherwise: wait for room, then
            // prompt the guest to retransmit with duplicate ACKs.
            st.set(flow, TcpState.DATA_REFUSED);
            refusals++;
            waitForRoom(flow);
        } else if (fin && !st.has(flow, TcpState.GUEST_FIN)) {
            Sock.shutdown(st.fd[flow], Sock.SHUT_WR);
            st.fromGuest[flow]++;
            st.set(flow, TcpState.GUEST_FIN);
        }
        queueAck(flow, false);
    }

    private void waitForRoom(int flow) {
        if (!st.has(flow, TcpState.WANT_OUT)) {
            st.set(flow, TcpState.WANT_OUT);
            int s = st.fd[flow];
            loop.modify(s, SOCK_EVENTS | Epoll.OUT, EpollRef.of(EventType.TCP, s, flow));
        }
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
        int len = TcpFrames.build(queue.segment(), queue.next(), six, in.srcMac(), ourMac,
                in.dstHi(), in.dstLo(), in.srcHi(), in.srcLo(), pseudo, in.dstPort(), in.srcPort(),
                seq, in.seq() + seqLen, flags, 0, 0, TcpSegment.NO_WSCALE, 0);
        queue.commit(len);
    }

    // ---------------------------------------------------------------- socket side

    private void socketEvent(int flow, int fd, int events, long now) {
        if (!table.inUse(flow) || st.fd[flow] != fd) {
            loop.remove(fd);
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
            resetGuest(flow);
            close(flow, false);
            return;
        }
        if ((events & Epoll.OUT) != 0 && st.has(flow, TcpState.WANT_OUT)) {
            st.clear(flow, TcpState.WANT_OUT);
            loop.modify(fd, SOCK_EVENTS, EpollRef.of(EventType.TCP, fd, flow));
            // The reopened window; after refused data, three more identical ACKs so that the
            // guest retransmits at once instead of after its timeout.
            int acks = st.has(flow, TcpState.DATA_REFUSED) ? 4 : 1;
            st.clear(flow, TcpState.DATA_REFUSED);
            for (int i = 0; i < acks; i++) {
                segment(flow, Tcp.ACK_FLAG, st.toGuest[flow], 0);
            }
        }
        if (st.has(flow, TcpState.ESTABLISHED)) {
            pushToGuest(flow, now);
            closeIfDone(flow);
        }
    }

    private void connected(int flow, int events) {
        int fd = st.fd[flow];
        int err = Sock.getsockoptInt(fd, Sock.SOL_SOCKET, Sock.SO_ERROR);
        if (err != 0 || (events & (Epoll.ERR | Epoll.HUP)) != 0) {
            if (Log.debugging()) {
                Log.debug("TCP flow " + flow + ": connect failed, " + Errno.message(err) + ", events " + events);
            }
            refused(flow);
            return;
        }
        if ((events & Epoll.OUT) == 0) {
            return;
        }
        st.clear(flow, TcpState.CONNECTING);
        st.set(flow, TcpState.ESTABLISHED);
        loop.modify(fd, SOCK_EVENTS, EpollRef.of(EventType.TCP, fd, flow));
        synAck(flow, st.toGuest[flow]);
        // The SYN counts as acknowledged: a lost SYN-ACK is recovered by the guest's own SYN
        // retransmission, which is answered again, so no byte is ever discarded for it.
        st.toGuest[flow]++;
        st.ackedByGuest[flow] = st.toGuest[flow];
        st.ackedToGuest[flow] = st.fromGuest[flow];
        st.rtoDeadline[flow] = 0;
    }

    /** SYN-ACK with our MSS and (if the guest scales) window scale; {@code seq} is our ISN. */
    private void synAck(int flow, int seq) {
        segment(flow, Tcp.SYN | Tcp.ACK_FLAG, seq, synMss(flow));
    }

    /** The MSS we announce: what fits our MTU. */
    private int synMss(int flow) {
        return Math.min(mtu - (st.v6[flow] ? Ipv6.HLEN : Ipv4.HLEN) - Tcp.HLEN, 0xffff);
    }

    /** connect failed: the guest gets the RST a closed port would have sent. */
    private void refused(int flow) {
        queue.reserve(1);
        int len = TcpFrames.build(queue.segment(), queue.next(), st.v6[flow], st.guestMac[flow], ourMac,
                st.remoteHi[flow], st.remoteLo[flow], st.guestHi[flow], st.guestLo[flow], st.pseudo[flow],
                st.remotePort[flow], st.guestPort[flow], 0, st.fromGuest[flow], Tcp.RST | Tcp.ACK_FLAG, 0,
                0, TcpSegment.NO_WSCALE, 0);
        queue.commit(len);
        close(flow, false);
    }

    /**
     * Sends the guest what the socket holds past the peek offset, as far as the guest's window
     * goes; at end of stream, our FIN.
     */
    private void pushToGuest(int flow, long now) {
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
                return;
            }
            st.clear(flow, TcpState.WINDOW_LIMITED);
            queue.reserve(1);
            int frames = Math.min(Math.min(queue.free(), TcpSockets.MAX_IOV - 1), (room + mss - 1) / mss);
            long want = 0;
            for (int i = 0; i < frames; i++) {
                int len = (int) Math.min(mss, room - want);
                io.vector(i, base + queue.ahead(i) + payloadOff, len);
                want += len;
            }
            long n = io.peek(fd, frames);
            if (Log.tracing()) {
                Log.trace("TCP flow " + flow + ": peek " + frames + " frames of " + mss + ", room " + room + " -> " + n);
            }
            if (n == 0) {
                st.set(flow, TcpState.SOCK_EOF);
                segment(flow, Tcp.FIN | Tcp.ACK_FLAG, st.toGuest[flow], 0);
                st.toGuest[flow]++;
                st.set(flow, TcpState.FIN_SENT);
                armRto(flow, now);
                return;
            }
            if (n < 0) {
                if (n != -Errno.EAGAIN) {
                    resetGuest(flow);
                    close(flow, true);
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
        ourWindow(flow);
        long left = n;
        while (left > 0) {
            int len = (int) Math.min(mss, left);
            left -= len;
            int flags = left == 0 ? Tcp.ACK_FLAG | Tcp.PSH : Tcp.ACK_FLAG;
            segmentWithPayload(flow, flags, st.toGuest[flow], len);
            st.toGuest[flow] += len;
        }
    }

    private void armRto(int flow, long now) {
        if (st.rtoDeadline[flow] == 0) {
            st.rtoDeadline[flow] = now + timeouts.rto(st.retransmissions[flow]);
        }
    }

    /** Retransmission: everything after the guest's last acknowledgement goes again. */
    private void rewind(int flow, long now) {
        st.dupAcks[flow] = 0;
        st.toGuest[flow] = st.ackedByGuest[flow];
        if (st.has(flow, TcpState.FIN_SENT) && !st.has(flow, TcpState.FIN_ACKED)) {
            st.clear(flow, TcpState.FIN_SENT);
        }
        TcpSockets.peekOffset(st.fd[flow], 0);
        st.rtoDeadline[flow] = 0;
        pushToGuest(flow, now);
    }

    // ---------------------------------------------------------------- segments to the guest

    /** A segment without payload (ACK, SYN-ACK, FIN) in the next free slot. */
    private void segment(int flow, int flags, int seq, int mss) {
        queue.reserve(1);
        buildInto(queue.next(), flow, flags, seq, mss, 0);
    }

    /** A data segment whose payload is already in the next free slot. */
    private void segmentWithPayload(int flow, int flags, int seq, int len) {
        buildInto(queue.next(), flow, flags, seq, 0, len);
    }

    private void buildInto(long off, int flow, int flags, int seq, int mss, int payloadLen) {
        int ack = st.fromGuest[flow];
        int ws = (flags & Tcp.SYN) != 0 && st.ourShift[flow] > 0 ? st.ourShift[flow] : TcpSegment.NO_WSCALE;
        // Data segments reuse the window of the last pure ACK: two system calls per segment
        // would cost more than the window is worth.
        int window = (flags & Tcp.SYN) != 0 ? 0xffff : payloadLen > 0 ? st.advertised[flow] : ourWindow(flow);
        int len = TcpFrames.build(queue.segment(), off, st.v6[flow], st.guestMac[flow], ourMac,
                st.remoteHi[flow], st.remoteLo[flow], st.guestHi[flow], st.guestLo[flow], st.pseudo[flow],
                st.remotePort[flow], st.guestPort[flow], seq, ack, flags, window, mss, ws, payloadLen);
        queue.commit(len);
        st.ackedToGuest[flow] = ack;
    }

    /** The window field we advertise: the socket's free send room, scaled. */
    private int ourWindow(int flow) {
        if (st.has(flow, TcpState.GUEST_FIN)) {
            return 0;
        }
        int room = TcpSockets.sendRoom(st.fd[flow], st.sndbuf[flow]);
        if (room < st.mss[flow]) {
            // Too small for a full segment: the guest would wait for a window update that
            // only its zero-window probes would trigger. Announce the room when it is there.
            waitForRoom(flow);
        }
        st.advertised[flow] = Math.min(room >>> st.ourShift[flow], 0xffff);
        return st.advertised[flow];
    }

    private void queueAck(int flow, boolean forced) {
        if (forced) {
            st.set(flow, TcpState.ACK_FORCED);
        }
        if (!st.has(flow, TcpState.ACK_QUEUED)) {
            st.set(flow, TcpState.ACK_QUEUED);
            ackList[ackCount++] = flow;
        }
    }

    private void resetGuest(int flow) {
        segment(flow, Tcp.RST | Tcp.ACK_FLAG, st.toGuest[flow], 0);
    }

    /** End of a loop round: acknowledge what was received, then send every queued frame. */
    private void endOfRound(long now) {
        for (int i = 0; i < ackCount; i++) {
            int flow = ackList[i];
            if (!table.inUse(flow) || st.fd[flow] < 0) {
                continue;
            }
            boolean forced = st.has(flow, TcpState.ACK_FORCED);
            st.clear(flow, TcpState.ACK_QUEUED | TcpState.ACK_FORCED);
            if (forced || st.ackedToGuest[flow] != st.fromGuest[flow]) {
                segment(flow, Tcp.ACK_FLAG, st.toGuest[flow], 0);
            }
        }
        ackCount = 0;
        queue.flush();
    }

    // ---------------------------------------------------------------- timers and teardown

    private void tick(long now) {
        int cap = table.allocated();
        for (int flow = 0; flow < cap; flow++) {
            if (st.fd[flow] < 0) {
                continue;
            }
            long due = st.rtoDeadline[flow];
            boolean expired = due != 0 && now - due >= 0;
            boolean synPending = st.has(flow, TcpState.SYN_TO_GUEST);
            if (expired && (synPending || st.inFlight(flow) > 0)) {
                if (++st.retransmissions[flow] > timeouts.maxRetransmissions()) {
                    // The guest stopped answering: both sides learn the connection is gone.
                    resetGuest(flow);
                    close(flow, true);
                    continue;
                }
                if (synPending) {
                    // Our SYN to the guest got no answer yet: send it again.
                    segment(flow, Tcp.SYN, st.toGuest[flow] - 1, synMss(flow));
                    st.rtoDeadline[flow] = now + timeouts.rto(st.retransmissions[flow]);
                } else {
                    rewind(flow, now);
                }
            }
            long idle = now - st.lastActivity[flow];
            boolean closing = st.has(flow, TcpState.GUEST_FIN | TcpState.FIN_SENT);
            long limit = synPending ? timeouts.synNs() : closing ? timeouts.closingIdleNs() : timeouts.activityNs();
            // (the retransmission above may have closed the flow already)
            if (st.fd[flow] >= 0 && idle > limit) {
                // Unanswered handshakes go after 10 s, half-dead connections after a minute,
                // silent ones after two hours.
                resetGuest(flow);
                close(flow, true);
            }
        }
        queue.flush();
    }

    /**
     * Both FINs are through: the flow goes now. The guest's FIN is acknowledged first (the
     * end-of-round ACK skips flows that are gone): a guest left without that ACK would
     * retransmit its FIN into a flow we no longer know and get a reset.
     */
    private void closeIfDone(int flow) {
        if (st.fd[flow] >= 0 && st.has(flow, TcpState.GUEST_FIN) && st.has(flow, TcpState.FIN_ACKED)) {
            if (st.ackedToGuest[flow] != st.fromGuest[flow] || st.has(flow, TcpState.ACK_FORCED)) {
                segment(flow, Tcp.ACK_FLAG, st.toGuest[flow], 0);
            }
            close(flow, false);
        }
    }

    /** Forgets a connection; {@code abort}: the host peer sees a reset instead of a close. */
    private void close(int flow, boolean abort) {
        int fd = st.fd[flow];
        if (fd >= 0) {
            closing.close(fd, abort);
        }
        st.reset(flow);
        table.remove(flow);
        if (Log.debugging()) {
            Log.debug("TCP flow " + flow + " closed" + (abort ? " (reset)" : "") + ", socket refusals so far " + refusals);
        }
    }

    // ---------------------------------------------------------------- host-originated

    /**
     * A connection the host accepted on a forwarded port (from a non-loopback source, or not
     * spliced): a new flow whose SYN goes to the guest at {@code guestPort}, with the addresses
     * {@link HostNat} gives, or at the rule's target address; without a source address to
     * show the guest, the peer gets a reset. Takes ownership of {@code fd} (closed on failure).
     */
    @Override
    public void acceptedFromHost(int fd, int guestPort, long targetHi, long targetLo, long now) {
        HostNat nat = hostNat;
        int len = Sock.getpeername(fd, sockaddr, 0);
        if (nat == null || len < 0 || fd > EpollRef.MAX_FD) {
            Fd.close(fd);
            return;
        }
        boolean six = SockAddr.family(sockaddr, 0) == Sock.AF_INET6;
        int peerPort = SockAddr.port(sockaddr, 0);
        long rHi = 0;
        long rLo;
        if (six) {
            long a = SockAddr.IN6_ADDR_OFFSET;
            rHi = Be.u64(sockaddr, a);
            rLo = Be.u64(sockaddr, a + 8);
            boolean mapped = rHi == 0 && (rLo >>> 32) == 0xffff;
            if (mapped) {
                six = false;
                rHi = 0;
                rLo &= 0xffff_ffffL;
            }
        } else {
            rLo = SockAddr.in4Addr(sockaddr, 0) & 0xffff_ffffL;
        }
        long gHi = 0;
        long gLo;
        if (six) {
            if (!nat.source6(rHi, rLo, guest, pair)) {
                notForwardable(fd);
                return;
            }
            rHi = pair[0];
            rLo = pair[1];
            nat.destination6(rHi, guest, pair);
            gHi = pair[0];
            gLo = pair[1];
        } else {
            rLo = nat.source4((int) rLo, guest) & 0xffff_ffffL;
            gLo = nat.destination4(guest) & 0xffff_ffffL;
        }
        if (targetHi != 0 || targetLo != 0) { // the rule's address; its family is the listener's
            gHi = six ? targetHi : 0;
            gLo = six ? targetLo : targetLo & 0xffff_ffffL;
        }
        if ((gHi == 0 && gLo == 0) || (rHi == 0 && rLo == 0)) {
            notForwardable(fd);
            return;
        }
        int key = six ? KEY_V6 : KEY_V4;
        if (table.lookup(key, gHi, gLo, guestPort, rHi, rLo, peerPort) != FlowTable.NONE) {
            Fd.close(fd);
            return;
        }
        int flow = insert(key, gHi, gLo, guestPort, rHi, rLo, peerPort);
        if (flow == FlowTable.NONE) {
            Fd.close(fd);
            drops.count(DropReason.FLOW_TABLE_FULL);
            return;
        }
        st.sndbuf[flow] = prepare(fd);
        remember(flow, fd, six, guest.mac(), gHi, gLo, guestPort, rHi, rLo, peerPort);
        int isn = random.nextInt();
        st.toGuest[flow] = isn;
        st.ackedByGuest[flow] = isn;
        st.fromGuest[flow] = 0;
        st.ourShift[flow] = OUR_SHIFT;
        st.flags[flow] = TcpState.SYN_TO_GUEST;
        st.lastActivity[flow] = now;
        segment(flow, Tcp.SYN, isn, synMss(flow));
        st.toGuest[flow]++;
        st.rtoDeadline[flow] = now + timeouts.rtoNs();
        queue.flush();
    }

    /** No address to show the guest (a local peer, and no IPv4 gateway): the peer sees a reset. */
    private void notForwardable(int fd) {
        drops.count(DropReason.BAD_ADDRESS);
        Sock.closeWithReset(fd);
    }
}

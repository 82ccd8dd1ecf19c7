package io.jpasst.engine.proto.udp;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.flow.OutboundSockets;
import io.jpasst.engine.flow.SocketAddresses;
import io.jpasst.engine.flow.nat.AddressMap;
import io.jpasst.engine.flow.nat.PeerAddress;
import io.jpasst.engine.flow.fwd.NamespaceTarget;
import io.jpasst.engine.control.host.GuestNetwork;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.packet.ip.Udp;
import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.engine.control.ns.NamespaceThread;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import io.jpasst.engine.tap.L4Handler;
import io.jpasst.engine.tap.TapBackend;
import io.jpasst.sys.Epoll;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * UDP between the guest and host sockets, both ways, IPv4 and IPv6.
 *
 * <p>A datagram from the guest opens a flow with its own connected host socket, so replies
 * need no lookup: the epoll reference names the flow; {@link AddressMap} says where it goes
 * (host loopback, DNS forwarding). Datagrams on a {@code -u} socket open a flow towards the
 * guest, from the source {@link AddressMap} shows it (the one it answers to) to the address it
 * names; the replies leave through that same socket to the real peer.
 * Sockets are read with recvmmsg straight into frame slots and each datagram becomes a frame
 * by writing headers in front of it. Flows expire after
 * inactivity ({@link IdlePolicy}).
 */
public final class UdpFlows implements L4Handler, FlowTable.Owner {

    private final EventLoop loop;
    private final TapBackend tap;
    private final DropCounters drops;
    private final GuestState guestState;
    private final long ourMac;
    private final IdlePolicy idle;
    private final AddressMap nat;
    private final OutboundSockets outbound;
    private final UdpFlowState flows;
    private final DatagramSlots slots = new DatagramSlots();
    private final UdpListeners listeners;
    private final LoopbackBypass bypass;
    private final MemorySegment sa = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE, 8);
    private final PeerAddress peer = new PeerAddress();
    /** Per received datagram of a listener batch: the flow it belongs to (-1: dropped). */
    private final int[] batchFlow = new int[DatagramSlots.BATCH];
    private final SendQueue queue;
    private final IcmpErrors errors;

    /**
     * Binds the {@code -u} (and, with {@code ns}, {@code -U}) sockets and registers the
     * handlers. {@code ns} is the namespace of pasta, null for passt: no bypass, no {@code -U},
     * no {@code auto}; {@code nsTarget} is where the bypass delivers into it.
     */
    public UdpFlows(Config config, GuestNetwork network, AddressMap nat, NamespaceTarget nsTarget,
                    EventLoop loop, TapBackend tap, GuestState guestState, DropCounters drops, NamespaceThread ns,
                    FlowTable table) {
        this.loop = loop;
        this.tap = tap;
        this.drops = drops;
        this.guestState = guestState;
        this.ourMac = network.ourMac();
        this.idle = IdlePolicy.fromSystemProperties();
        this.flows = new UdpFlowState(table, idle);
        this.nat = nat;
        this.outbound = new OutboundSockets(config, config.features().freebind());
        this.queue = new SendQueue(drops);
        this.errors = new IcmpErrors(tap, drops, ourMac, nat, guestState);
        boolean bypassing = ns != null && !config.features().noSplice();
        loop.handle(EventType.UDP, (ref, events, now) -> fromFlowSocket(EpollRef.index(ref), events, now));
        loop.handle(EventType.UDP_LISTEN, (ref, events, now) -> fromListener(EpollRef.fd(ref), EpollRef.index(ref), now));
        this.listeners = new UdpListeners(config, loop, ns, bypassing);
        this.bypass = new LoopbackBypass(flows, listeners, slots, loop, bypassing ? ns : null, nsTarget, drops);
        table.owner(FlowTable.UDP, this);
    }

    @Override
    public void grow(int allocated) {
        flows.grow(allocated);
    }

    /** Flows in use, for diagnostics and tests. */
    public int flowCount() {
        return flows.size();
    }

    @Override
    public void fromGuest(ParsedFrame f, long now) {
        // Shape only, as the C pasta: the kernel computes the checksum of what the socket sends,
        // so verifying the guest's would cost a pass over every payload and protect nothing.
        DropReason problem = f.udpLengthProblem();
        if (problem != null) {
            drops.count(problem);
            return;
        }
        MemorySegment s = f.segment();
        long l3 = f.l3Offset();
        long u = f.l4Offset();
        boolean six = f.isIpv6();
        long gHi = six ? Ipv6.hi(s, l3 + Ipv6.SRC) : 0;
        long gLo = six ? Ipv6.lo(s, l3 + Ipv6.SRC) : Be.u32l(s, l3 + Ipv4.SRC);
        long rHi = six ? Ipv6.hi(s, l3 + Ipv6.DST) : 0;
        long rLo = six ? Ipv6.lo(s, l3 + Ipv6.DST) : Be.u32l(s, l3 + Ipv4.DST);
        int gPort = Be.u16(s, u + Udp.SRC_PORT);
        int rPort = Be.u16(s, u + Udp.DST_PORT);
        int slot = flows.find(six, UdpFlowState.TAG_GUEST, gHi, gLo, gPort, rHi, rLo, rPort);
        if (slot == FlowTable.NONE) {
            // a reply to a -u flow: those are keyed without the guest's address
            slot = flows.find(six, UdpFlowState.TAG_GUEST, 0, 0, gPort, rHi, rLo, rPort);
        }
        if (slot == FlowTable.NONE) {
            if (rPort == 0 || !unicastSource(six, gHi, gLo) || unspecifiedOrBroadcast(six, rHi, rLo)) {
                drops.count(DropReason.BAD_ADDRESS);
                return;
            }
            slot = openFromGuest(six, gHi, gLo, gPort, rHi, rLo, rPort, now);
            if (slot < 0) {
                return;
            }
        }
        flows.guestMac[slot] = f.srcMac();
        flows.lastUse[slot] = now;
        long payload = u + Udp.HLEN;
        int len = f.l4Length() - Udp.HLEN;
        if (flows.kind[slot] == UdpFlowState.TAP_OUT) {
            // The guest's TTL or hop limit goes on (traceroute): set when it changes, after
            // what is queued with the old one has left.
            int ttl = Be.u8(s, l3 + (six ? Ipv6.HOP_LIMIT : Ipv4.TTL));
            if ((byte) ttl != flows.ttl[slot]) {
                queue.flushFor(flows.fd[slot]);
                Sock.setsockoptInt(flows.fd[slot], six ? Sock.SOL_IPV6 : Sock.SOL_IP,
                        six ? Sock.IPV6_UNICAST_HOPS : Sock.IP_TTL, ttl);
                flows.ttl[slot] = (byte) ttl;
            }
        }
        if (flows.kind[slot] == UdpFlowState.TAP_OUT && s.isNative()) {
            queue.add(flows.fd[slot], s.address() + payload, len);
            return;
        }
        long sent;
        if (flows.kind[slot] == UdpFlowState.TAP_OUT) {
            sent = Sock.send(flows.fd[slot], s, payload, len, Sock.MSG_NOSIGNAL | Sock.MSG_DONTWAIT);
        } else {
            flows.replied[slot] = true;
            int out = listeners.fd(flows.listener[slot]);
            if (out < 0) {
                drops.count(DropReason.SOCKET_ERROR); // its listener went away (auto)
                return;
            }
            int saLen = HostSockets.writePeer(sa, 0, six, flows.mapped[slot], flows.peerHi[slot],
                    flows.peerLo[slot], rPort);
            sent = Sock.sendto(out, s, payload, len, Sock.MSG_NOSIGNAL | Sock.MSG_DONTWAIT, sa, 0, saLen);
        }
        if (sent < 0) {
            drops.count(DropReason.SOCKET_ERROR);
        }
    }

    /** The tap batch is done and its buffer about to be reused: send what is queued. */
    @Override
    public void endOfBatch(long now) {
        queue.flush();
    }

    /**
     * Multicast destinations are forwarded (SSDP, mDNS, DLNA: the host socket sends them out
     * of its route's interface, as upstream does since podman #24871); the limited broadcast
     * is not, and a subnet's directed broadcast is refused by the kernel's connect().
     */
    private static boolean unspecifiedOrBroadcast(boolean six, long hi, long lo) {
        return six ? hi == 0 && lo == 0 : lo == 0 || (int) lo == Ipv4.BROADCAST;
    }

    /** A guest can only be answered at a unicast address. */
    private static boolean unicastSource(boolean six, long hi, long lo) {
        if (six) {
            return !Ipv6.isMulticast(hi) && (hi != 0 || lo != 0);
        }
        int a = (int) lo;
        return a != 0 && a != Ipv4.BROADCAST && (a >>> 28) != 0xe;
    }

    private int openFromGuest(boolean six, long gHi, long gLo, int gPort, long rHi, long rLo, int rPort, long now) {
        int s = HostSockets.open(six);
        if (s < 0) {
            drops.count(DropReason.SOCKET_ERROR);
            return -1;
        }
        nat.toHost(six, rHi, rLo, rPort);
        long hostHi = nat.hi();
        long hostLo = nat.lo();
        int saLen = SocketAddresses.write(sa, 0, six, hostHi, hostLo, rPort);
        if (outbound.prepare(s, six, hostHi, hostLo) < 0 || IcmpErrors.enable(s, six) < 0
                || Sock.connect(s, sa, 0, saLen) < 0) {
            Fd.close(s);
            drops.count(DropReason.SOCKET_ERROR);
            return -1;
        }
        int slot = flows.attach(flows.insert(UdpFlowState.TAP_OUT, six, UdpFlowState.TAG_GUEST, gHi, gLo, gPort,
                rHi, rLo, rPort, now), s, loop, drops);
        if (slot < 0) {
            return -1;
        }
        flows.peerHi[slot] = hostHi;
        flows.peerLo[slot] = hostLo;
        return slot;
    }

    /**
     * A flow's own socket is readable: replies for the guest, or the far side of a bypass; or
     * it has errors queued: ICMP errors for the guest.
     */
    private void fromFlowSocket(int slot, int events, long now) {
        if (!flows.inUse(slot) || flows.fd[slot] < 0) {
            return;
        }
        if (flows.kind[slot] == UdpFlowState.BYPASS) {
            bypass.replies(slot, now);
            return;
        }
        if ((events & Epoll.ERR) != 0) {
            errors.drain(flows, slot);
        }
        while (true) {
            int n = slots.receive(flows.fd[slot], false);
            if (n <= 0) {
                return;
            }
            flows.lastUse[slot] = now;
            flows.replied[slot] = true;
            for (int i = 0; i < n; i++) {
                toGuest(slot, i);
            }
            if (n < DatagramSlots.BATCH) {
                return;
            }
        }
    }

    /** Datagrams on a -u/-U socket: bypassed in runs per flow, or framed for the guest. */
    private void fromListener(int fd, int index, long now) {
        while (true) {
            int n = slots.receive(fd, true);
            if (n <= 0) {
                return;
            }
            for (int i = 0; i < n; i++) {
                batchFlow[i] = classify(index, i, now);
            }
            int runStart = 0;
            for (int i = 1; i <= n; i++) {
                if (i < n && batchFlow[i] == batchFlow[runStart]) {
                    continue;
                }
                dispatchRun(batchFlow[runStart], runStart, i - runStart, now);
                runStart = i;
            }
            if (n < DatagramSlots.BATCH) {
                return;
            }
        }
    }

    private void dispatchRun(int slot, int from, int count, long now) {
        if (slot < 0) {
            return;
        }
        if (flows.kind[slot] == UdpFlowState.BYPASS) {
            bypass.forward(slot, from, count, now);
            return;
        }
        flows.lastUse[slot] = now;
        for (int i = from; i < from + count; i++) {
            toGuest(slot, i);
        }
    }

    /**
     * The flow datagram {@code i} of a batch from listener {@code index} belongs to (created if
     * new), or -1. A dual-stack listener reports IPv4 peers as IPv4-mapped IPv6 addresses:
     * those make IPv4 flows that remember to answer the same way.
     */
    private int classify(int index, int i, long now) {
        if (!peer.read(slots.names, DatagramSlots.name(i))) {
            drops.count(DropReason.BAD_ADDRESS);
            return -1;
        }
        boolean six = peer.six();
        long hi = peer.hi();
        long lo = peer.lo();
        int port = peer.port();
        boolean addressed = listeners.addressed(index);
        if (!addressed && bypass.applies(index, peer)) {
            return bypass.flow(index, six, peer.mapped(), hi, lo, port, listeners.targetPort(index), now);
        }
        // The guest sees (and answers) the mapped source; replies go to the real peer.
        if (!UdpListeners.towardsGuest(index) || !nat.fromHost(six, hi, lo, guestState)) {
            drops.count(DropReason.BAD_ADDRESS);
            return -1;
        }
        long srcHi = nat.hi();
        long srcLo = nat.lo();
        // Keyed without the guest's address: its reply may leave from any address it has;
        // with the rule's target address, keyed with that one.
        int gPort = listeners.targetPort(index);
        long gHi = addressed && six ? listeners.targetHi(index) : 0;
        long gLo = !addressed ? 0 : six ? listeners.targetLo(index) : listeners.targetLo(index) & 0xffff_ffffL;
        int slot = flows.find(six, UdpFlowState.TAG_GUEST, gHi, gLo, gPort, srcHi, srcLo, port);
        if (slot == FlowTable.NONE) {
            slot = flows.insert(UdpFlowState.TAP_IN, six, UdpFlowState.TAG_GUEST, gHi, gLo, gPort, srcHi, srcLo, port,
                    now);
            if (slot < 0) {
                drops.count(DropReason.FLOW_TABLE_FULL);
                return -1;
            }
        }
        // Two peers may map to one source (loopback and the host's own address): the latest
        // sender gets the replies, as it would with a plain NAT.
        flows.listener[slot] = index;
        flows.mapped[slot] = peer.mapped();
        flows.peerHi[slot] = hi;
        flows.peerLo[slot] = lo;
        return slot;
    }

    /** Frames slot {@code i}'s datagram for the guest: from the flow's remote to its guest end. */
    private void toGuest(int slot, int i) {
        boolean six = flows.v6(slot);
        long mac = flows.guestMac[slot] != 0 ? flows.guestMac[slot] : guestState.mac();
        if (mac == 0) {
            drops.count(DropReason.BAD_ADDRESS);
            return;
        }
        long frame = DatagramSlots.frame(i, six);
        int len = slots.length(i);
        // A -u flow is keyed without the guest's address (unless its rule names one): send to
        // the one it uses now.
        FlowTable keys = flows.keys;
        boolean anyAddress = flows.kind[slot] == UdpFlowState.TAP_IN && keys.guestHi(slot) == 0 && keys.guestLo(slot) == 0;
        long gHi = keys.guestHi(slot);
        long gLo = keys.guestLo(slot);
        if (anyAddress) {
            if (!nat.guestAddress(six, keys.remoteHi(slot), guestState)) {
                drops.count(DropReason.BAD_ADDRESS);
                return;
            }
            gHi = nat.hi();
            gLo = nat.lo();
        }
        int frameLen = six
                ? Frames.udp6(slots.buffer, frame, mac, ourMac, keys.remoteHi(slot), keys.remoteLo(slot), gHi, gLo,
                        keys.remotePort(slot), keys.guestPort(slot), len)
                : Frames.udp4(slots.buffer, frame, mac, ourMac, (int) keys.remoteLo(slot), (int) gLo,
                        keys.remotePort(slot), keys.guestPort(slot), len);
        if (tap.send(slots.buffer, frame, frameLen) < 0) {
            drops.count(DropReason.SOCKET_ERROR);
        }
    }

    /** A flow's idle timer fired: it goes if it has been idle past its limit. */
    @Override
    public void expired(int i, long now) {
        if (flows.idleExpired(i, now)) {
            int fd = flows.fd[i];
            if (fd >= 0) {
                queue.closing(fd);
                loop.remove(fd);
                Fd.close(fd);
            }
            flows.remove(i);
        }
    }

    /** After the {@code -u}/{@code -U} rules changed (pesto): listeners opened and closed to match. */
    public void reconfigure() {
        listeners.reconfigure();
    }
}

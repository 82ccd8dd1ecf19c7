package io.jpasst.engine.proto.tcp;

import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.flow.nat.AddressMap;
import io.jpasst.engine.flow.OutboundSockets;
import io.jpasst.engine.flow.fwd.TapConnections;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.engine.runtime.loop.DeferredCloses;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.engine.tap.L4Handler;
import io.jpasst.engine.tap.TapBackend;

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
 *
 * <p>This class wires the parts: {@link GuestSegments} (segments from the guest),
 * {@link SocketEvents} (readiness of the host sockets), {@link HostToGuest} (host data and its
 * retransmission), {@link GuestOutput} (segments to the guest, window and ACK bookkeeping),
 * {@link HostAccepts} (connections the host opened), {@link TcpTimers} (each flow's deadlines,
 * on its expiry timer in the flow table), all on the state in {@link TcpFlows}.
 */
public final class TcpTap implements L4Handler, TapConnections {
    /** IPv6 flows use a different protocol tag in the flow table than IPv4 flows. */
    static final int KEY_V4 = Ipv4.PROTO_TCP;
    static final int KEY_V6 = Ipv4.PROTO_TCP | 0x100;
    static final int OUR_SHIFT = 7;
    static final int DEFAULT_MSS = 536;
    /**
     * SYN retransmissions of our connect() before the kernel gives up: 3 fails it after 15 s
     * (the C pasta allows 10 s) instead of the default 127 s, so that a guest's SYN flood into
     * an address that never answers holds flows and descriptors only that long.
     */
    static final int SYN_RETRIES = 3;
    /** The largest window we ever advertise: the window field scaled by our shift. */
    static final int MAX_WINDOW = 0xffff << OUR_SHIFT;
    static final int QUEUE_SLOTS = 128;
    /** Flows a table of TCP's own starts with; it doubles as connections come. */
    static final int INITIAL_FLOWS = 256;

    private final TcpFlows flows;
    private final GuestSegments guestSegments;
    private final HostAccepts hostAccepts;

    public TcpTap(EventLoop loop, TapBackend tap, DropCounters drops, AddressMap nat, long ourMac, int mtu,
                  int maxFlows) {
        this(loop, tap, drops, nat, ourMac, mtu, maxFlows, TcpTimeouts.fromSystem());
    }

    public TcpTap(EventLoop loop, TapBackend tap, DropCounters drops, AddressMap nat, long ourMac, int mtu,
                  int maxFlows, TcpTimeouts timeouts) {
        this(loop, tap, drops, nat, ourMac, mtu, new FlowTable(maxFlows, INITIAL_FLOWS, loop), timeouts);
    }

    /** TCP on the shared flow table {@code table}, whose {@link FlowTable#TCP} entries it keeps. */
    public TcpTap(EventLoop loop, TapBackend tap, DropCounters drops, AddressMap nat, long ourMac, int mtu,
                  FlowTable table, TcpTimeouts timeouts) {
        this.flows = new TcpFlows(loop, new TapQueue(tap, QUEUE_SLOTS), drops, ourMac, mtu, table, timeouts);
        GuestOutput out = new GuestOutput(flows);
        HostToGuest data = new HostToGuest(flows, out);
        SocketEvents sockets = new SocketEvents(flows, out, data);
        this.guestSegments = new GuestSegments(flows, out, data, nat);
        this.hostAccepts = new HostAccepts(flows, out);
        flows.timers = new TcpTimers(flows, data);
        loop.handle(EventType.TCP, (ref, events, now) -> sockets.socketEvent(EpollRef.index(ref), EpollRef.fd(ref), events, now));
        loop.afterRound(out::endOfRound);
        // After the end-of-round ACKs: a socket closed this round goes once they are sent.
        flows.closing = new DeferredCloses(loop);
        // Timeouts come from each flow's expiry timer in the table, as UDP's and ping's do.
        table.owner(FlowTable.TCP, flows.timers.owner());
    }

    /**
     * Enables connections from the host towards the guest: {@code nat} says which addresses
     * they appear to come from and go to, {@code guest} what the guest was seen using.
     */
    public void hostSide(AddressMap nat, GuestState guest) {
        hostAccepts.map = nat;
        hostAccepts.guest = guest;
    }

    /** Binds every connect socket as {@code sockets} says, before it connects. */
    public void outbound(OutboundSockets sockets) {
        guestSegments.outbound = sockets;
    }

    /** Connections currently tracked. */
    public int connections() {
        return flows.table.size(FlowTable.TCP);
    }

    @Override
    public void fromGuest(ParsedFrame frame, long now) {
        guestSegments.fromGuest(frame, now);
    }

    /**
     * A connection the host accepted on a forwarded port (from a non-loopback source, or not
     * spliced): a new flow whose SYN goes to the guest at {@code guestPort}, with the addresses
     * {@link AddressMap} gives, or at the rule's target address; without a source address to
     * show the guest, the peer gets a reset. Takes ownership of {@code fd} (closed on failure).
     */
    @Override
    public void acceptedFromHost(int fd, int guestPort, long targetHi, long targetLo, long now) {
        hostAccepts.acceptedFromHost(fd, guestPort, targetHi, targetLo, now);
    }
}

package io.jpasst.engine.proto.tcp;

import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.flow.nat.AddressMap;
import io.jpasst.engine.flow.nat.PeerAddress;
import io.jpasst.engine.packet.DropReason;
import io.jpasst.engine.packet.ip.Tcp;
import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;

/**
 * Connections the host opened towards the guest: the accepted socket becomes a flow and our
 * SYN goes to the guest; its SYN-ACK is taken by {@link GuestSegments}.
 */
final class HostAccepts {
    private final TcpFlows f;
    private final TcpState st;
    private final TapQueue queue;
    private final GuestOutput out;
    /** Source and destination of connections accepted on the host (see {@link #acceptedFromHost}). */
    AddressMap map;
    /** What the guest was seen using: its MAC and addresses. */
    GuestState guest;
    private final PeerAddress peer = new PeerAddress();

    HostAccepts(TcpFlows flows, GuestOutput out) {
        this.f = flows;
        this.st = flows.st;
        this.queue = flows.queue;
        this.out = out;
    }

    /**
     * A connection the host accepted on a forwarded port (from a non-loopback source, or not
     * spliced): a new flow whose SYN goes to the guest at {@code guestPort}, with the addresses
     * {@link AddressMap} gives, or at the rule's target address ({@code targetHi:targetLo}, IPv4
     * mapped; both 0: none); without a source address to show the guest, the peer gets a
     * reset. Takes ownership of {@code fd} (closed on failure).
     */
    void acceptedFromHost(int fd, int guestPort, long targetHi, long targetLo, long now) {
        AddressMap nat = map;
        if (nat == null || fd > EpollRef.MAX_FD || Sock.getpeername(fd, f.sockaddr, 0) < 0
                || !peer.read(f.sockaddr, 0)) {
            Fd.close(fd);
            return;
        }
        boolean six = peer.six();
        int peerPort = peer.port();
        if (!nat.fromHost(six, peer.hi(), peer.lo(), guest)) {
            notForwardable(fd);
            return;
        }
        long rHi = nat.hi();
        long rLo = nat.lo();
        long gHi;
        long gLo;
        if (targetHi != 0 || targetLo != 0) { // the rule's address; its family is the listener's
            gHi = six ? targetHi : 0;
            gLo = six ? targetLo : targetLo & 0xffff_ffffL;
        } else if (nat.guestAddress(six, rHi, guest)) {
            gHi = nat.hi();
            gLo = nat.lo();
        } else {
            notForwardable(fd);
            return;
        }
        int key = six ? TcpFlows.KEY_V6 : TcpFlows.KEY_V4;
        if (f.table.lookup(key, gHi, gLo, guestPort, rHi, rLo, peerPort) != FlowTable.NONE) {
            Fd.close(fd);
            return;
        }
        int flow = f.insert(key, gHi, gLo, guestPort, rHi, rLo, peerPort);
        if (flow == FlowTable.NONE) {
            Fd.close(fd);
            f.drops.count(DropReason.FLOW_TABLE_FULL);
            return;
        }
        TcpFlows.prepare(fd);
        f.remember(flow, fd, six, guest.mac(), gHi, gLo, guestPort, rHi, rLo, peerPort);
        int isn = f.random.nextInt();
        st.toGuest[flow] = isn;
        st.ackedByGuest[flow] = isn;
        st.fromGuest[flow] = 0;
        st.ourShift[flow] = TcpTap.OUR_SHIFT;
        st.flags[flow] = TcpState.SYN_TO_GUEST;
        st.lastActivity[flow] = now;
        st.quietSince[flow] = now;
        out.segment(flow, Tcp.SYN, isn, out.synMss(flow));
        st.toGuest[flow]++;
        st.rtoDeadline[flow] = now + f.timeouts.rtoNs();
        f.timers.started(flow);
        queue.flush();
    }

    /** No address to show the guest (a local peer, and no IPv4 gateway): the peer sees a reset. */
    private void notForwardable(int fd) {
        f.drops.count(DropReason.BAD_ADDRESS);
        Sock.closeWithReset(fd);
    }
}

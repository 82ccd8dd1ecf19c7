package io.jpasst.engine.proto.tcp;

import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.flow.fwd.HostNat;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropReason;
import io.jpasst.engine.packet.ip.Tcp;
import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;

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
    HostNat hostNat;
    /** What the guest was seen using: its MAC and addresses. */
    GuestState guest;
    private final long[] pair = new long[2];

    HostAccepts(TcpFlows flows, GuestOutput out) {
        this.f = flows;
        this.st = flows.st;
        this.queue = flows.queue;
        this.out = out;
    }

    /**
     * A connection the host accepted on a forwarded port (from a non-loopback source, or not
     * spliced): a new flow whose SYN goes to the guest at {@code guestPort}, with the addresses
     * {@link HostNat} gives, or at the rule's target address ({@code targetHi:targetLo}, IPv4
     * mapped; both 0: none); without a source address to show the guest, the peer gets a
     * reset. Takes ownership of {@code fd} (closed on failure).
     */
    void acceptedFromHost(int fd, int guestPort, long targetHi, long targetLo, long now) {
        HostNat nat = hostNat;
        int len = Sock.getpeername(fd, f.sockaddr, 0);
        if (nat == null || len < 0 || fd > EpollRef.MAX_FD) {
            Fd.close(fd);
            return;
        }
        boolean six = SockAddr.family(f.sockaddr, 0) == Sock.AF_INET6;
        int peerPort = SockAddr.port(f.sockaddr, 0);
        long rHi = 0;
        long rLo;
        if (six) {
            long a = SockAddr.IN6_ADDR_OFFSET;
            rHi = Be.u64(f.sockaddr, a);
            rLo = Be.u64(f.sockaddr, a + 8);
            boolean mapped = rHi == 0 && (rLo >>> 32) == 0xffff;
            if (mapped) {
                six = false;
                rHi = 0;
                rLo &= 0xffff_ffffL;
            }
        } else {
            rLo = SockAddr.in4Addr(f.sockaddr, 0) & 0xffff_ffffL;
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

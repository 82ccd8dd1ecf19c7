package io.jpasst.engine.proto.tcp;

import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.flow.SocketAddresses;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.DeferredCloses;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.sys.Epoll;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What every part of the TCP translation shares: the flow table and the per-flow state,
 * the queue of frames to the guest, the preallocated socket structures, and the one way a
 * flow comes and goes ({@link #insert}, {@link #remember}, {@link #close}). The flows are
 * the {@link FlowTable#TCP} entries of the one flow table; their state arrays grow with it.
 */
final class TcpFlows {
    /** IPv6 flows use a different protocol tag in the flow table than IPv4 flows. */
    static final int KEY_V4 = TcpTap.KEY_V4;
    static final int KEY_V6 = TcpTap.KEY_V6;
    static final int SOCK_EVENTS = Epoll.IN | Epoll.RDHUP | Epoll.ET;

    final EventLoop loop;
    final TcpTimeouts timeouts;
    final DropCounters drops;
    final long ourMac;
    final int mtu;
    final FlowTable table;
    final TcpState st;
    final TapQueue queue;
    final TcpSockets io = new TcpSockets();
    final MemorySegment sockaddr;
    /** Flows to acknowledge at the end of the round. */
    int[] ackList;
    int ackCount;
    /** Sockets of flows closed in this round: an index and a descriptor are not reused at once. */
    DeferredCloses closing;
    /** Each flow's deadlines, on its expiry timer in the table. */
    TcpTimers timers;
    final SplittableRandom random = new SplittableRandom();
    long refusals;

    TcpFlows(EventLoop loop, TapQueue queue, DropCounters drops, long ourMac, int mtu, FlowTable table,
             TcpTimeouts timeouts) {
        this.loop = loop;
        this.timeouts = timeouts;
        this.drops = drops;
        this.ourMac = ourMac;
        this.mtu = mtu;
        this.table = table;
        this.st = new TcpState(table.allocated());
        this.queue = queue;
        this.ackList = new int[table.allocated()];
        Arena arena = Arena.ofAuto();
        this.sockaddr = arena.allocate(SockAddr.STORAGE_SIZE, 8);
    }

    /** A new flow in the table; the state arrays grow with it ({@link #grow}). */
    int insert(int key, long gHi, long gLo, int gPort, long rHi, long rLo, int rPort) {
        return table.open(FlowTable.TCP, key, gHi, gLo, gPort, rHi, rLo, rPort);
    }

    /** The flow table grew: so do the state arrays. */
    void grow(int size) {
        if (size > ackList.length) {
            st.grow(size);
            ackList = Arrays.copyOf(ackList, size);
        }
    }

    /**
     * Socket options of every connection: peeking starts at offset 0; keepalive (see below);
     * no Nagle delay (the guest's stack already decided when to send). The buffer sizes are
     * left to the kernel's autotuning: a forced maximum only makes long queues (latency, and
     * memory held per connection), and the window we offer the guest follows whatever limit
     * the send buffer has at the time ({@link TcpSockets#sendRoom}).
     */
    static void prepare(int s) {
        Sock.setsockoptInt(s, Sock.SOL_SOCKET, Sock.SO_PEEK_OFF, 0);
        // We answer the guest's keepalive probes ourselves, which keeps a flow alive past the
        // activity timeout: the kernel's own probes (after its tcp_keepalive_time) then find
        // out whether the host-side peer is still there, and an error resets the guest.
        Sock.setsockoptInt(s, Sock.SOL_SOCKET, Sock.SO_KEEPALIVE, 1);
        Sock.setsockoptInt(s, Sock.IPPROTO_TCP, Sock.TCP_NODELAY, 1);
    }

    void remember(int flow, int s, boolean six, long mac, long gHi, long gLo, int gPort,
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

    /** Makes the flow's expiry timer fire by {@code deadline} at the latest ({@link TcpTimers}). */
    void dueBy(int flow, long deadline) {
        table.expireBy(flow, deadline);
    }

    /** The flow went half-closed: its idle limit is the closing one from now on. */
    void closing(int flow) {
        dueBy(flow, st.lastActivity[flow] + timeouts.closingIdleNs() + 1);
    }

    int socketAddress(boolean six, long hi, long lo, int port) {
        return SocketAddresses.write(sockaddr, 0, six, hi, lo, port);
    }

    /** Forgets a connection; {@code abort}: the host peer sees a reset instead of a close. */
    void close(int flow, boolean abort) {
        int fd = st.fd[flow];
        if (fd >= 0) {
            closing.close(fd, abort);
        }
        st.reset(flow);
        table.close(flow);
        if (Log.debugging()) {
            Log.debug("TCP flow " + flow + " closed" + (abort ? " (reset)" : "") + ", socket refusals so far " + refusals);
        }
    }
}

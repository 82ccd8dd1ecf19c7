package io.jpasst.engine.proto.udp;

import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.flow.SocketAddresses;
import io.jpasst.engine.flow.nat.PeerAddress;
import io.jpasst.engine.flow.fwd.NamespaceTarget;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.control.ns.NamespaceThread;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * pasta's loopback bypass: datagrams from a loopback peer on one side reach the target port on
 * the other side (the host's 127.0.0.1 / ::1; in the namespace its {@link NamespaceTarget})
 * socket to socket, batched with recvmmsg/sendmmsg, never
 * as frames through the tap. The flow's own socket lives on the far side (created in the
 * namespace for {@code -u}, on the host for {@code -U}); replies return through the listener
 * to the peer that started the flow.
 */
final class LoopbackBypass {
    private final UdpFlowState flows;
    private final UdpListeners listeners;
    private final DatagramSlots slots;
    private final EventLoop loop;
    private final NamespaceThread ns;
    private final NamespaceTarget nsTarget;
    private final DropCounters drops;
    private final MemorySegment sa = Arena.ofAuto().allocate(128, 8);

    LoopbackBypass(UdpFlowState flows, UdpListeners listeners, DatagramSlots slots, EventLoop loop,
                   NamespaceThread ns, NamespaceTarget nsTarget, DropCounters drops) {
        this.nsTarget = nsTarget;
        this.flows = flows;
        this.listeners = listeners;
        this.slots = slots;
        this.loop = loop;
        this.ns = ns;
        this.drops = drops;
    }

    /** True when datagrams from this peer on listener {@code index} take the bypass. */
    boolean applies(int index, PeerAddress peer) {
        if (ns == null) {
            return false;
        }
        // In the namespace everything reaching a -U socket is local traffic: always bypassed.
        return !UdpListeners.towardsGuest(index) || peer.loopbackNet();
    }

    /**
     * The bypass flow for peer {@code hi/lo:port} on listener {@code index}, created if new
     * (connected to {@code target} on the far side: the {@link NamespaceTarget}, or the host's
     * loopback); -1 if none.
     */
    int flow(int index, boolean six, boolean mapped, long hi, long lo, int port, int target, long now) {
        int slot = flows.find(six, index, hi, lo, port, 0, 0, 0);
        if (slot != FlowTable.NONE) {
            return slot;
        }
        boolean intoNamespace = UdpListeners.towardsGuest(index);
        int s = intoNamespace ? ns.call(() -> HostSockets.open(six)) : HostSockets.open(six);
        if (s < 0) {
            drops.count(DropReason.SOCKET_ERROR);
            return -1;
        }
        // The far side sees the peer's port, as upstream (address: any in the namespace, the
        // same loopback one on the host); should it be taken there, the kernel picks one.
        int len = SocketAddresses.write(sa, 0, six, intoNamespace ? 0 : hi, intoNamespace ? 0 : lo, port);
        Sock.bind(s, sa, 0, len);
        len = intoNamespace ? nsTarget.write(sa, 0, six, target)
                : SocketAddresses.writeLoopback(sa, 0, six, target);
        if (len == 0) { // the guest has no address of this family
            Fd.close(s);
            drops.count(DropReason.BAD_ADDRESS);
            return -1;
        }
        if (Sock.connect(s, sa, 0, len) < 0) {
            Fd.close(s);
            drops.count(DropReason.SOCKET_ERROR);
            return -1;
        }
        slot = flows.attach(flows.insert(UdpFlowState.BYPASS, six, index, hi, lo, port, 0, 0, 0, now), s, loop, drops);
        if (slot < 0) {
            return -1;
        }
        flows.listener[slot] = index;
        flows.mapped[slot] = mapped;
        return slot;
    }

    /** Sends received slots {@code from .. from+count)} on through the flow's own socket. */
    void forward(int slot, int from, int count, long now) {
        flows.lastUse[slot] = now;
        int sent = slots.send(flows.fd[slot], from, count, false);
        dropUnsent(sent, count);
    }

    /** Replies on the flow's own socket go back through the listener to the peer. */
    void replies(int slot, long now) {
        int fd = flows.fd[slot];
        boolean six = flows.v6(slot);
        FlowTable keys = flows.keys;
        while (true) {
            int n = slots.receive(fd, false);
            if (n <= 0) {
                return;
            }
            flows.lastUse[slot] = now;
            flows.replied[slot] = true;
            // -1 when the listener went away (auto): nowhere to answer from
            int out = listeners.fd(flows.listener[slot]);
            for (int i = 0; i < n && out >= 0; i++) {
                HostSockets.writePeer(slots.names, DatagramSlots.name(i), six, flows.mapped[slot],
                        keys.guestHi(slot), keys.guestLo(slot), keys.guestPort(slot));
            }
            dropUnsent(out < 0 ? 0 : slots.send(out, 0, n, true), n);
            if (n < DatagramSlots.BATCH) {
                return;
            }
        }
    }

    private void dropUnsent(int sent, int count) {
        for (int i = Math.max(sent, 0); i < count; i++) {
            drops.count(DropReason.SOCKET_ERROR);
        }
    }
}

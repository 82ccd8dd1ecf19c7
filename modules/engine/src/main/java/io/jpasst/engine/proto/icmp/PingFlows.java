package io.jpasst.engine.proto.icmp;

import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.flow.OutboundSockets;
import io.jpasst.engine.flow.SocketAddresses;
import io.jpasst.engine.flow.nat.AddressMap;
import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Icmp;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
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

/**
 * ICMP and ICMPv6 echo through unprivileged "ping" sockets: one socket per (family, echo
 * identifier, remote address), created on the first request and closed after a minute idle.
 *
 * <p>The socket is bound to the guest's identifier so the remote sees the same one; where that
 * bind fails (identifier in use) the kernel picks another, and replies are mapped back to the
 * guest's identifier here. Sequence numbers and payload pass through untouched. The kernel
 * checks and completes the ICMP header we hand it, so requests go out straight from the frame.
 * Destinations go through {@link AddressMap} like TCP's; replies come from the address the guest
 * addressed.
 *
 * <p>The flows are the {@link FlowTable#PING} entries of the one flow table, keyed by family,
 * identifier (as the guest port) and remote; what they keep is in arrays beside it.
 */
public final class PingFlows implements L4Handler, FlowTable.Owner {
    private static final long IDLE_NS = 60_000_000_000L;
    private static final int V6 = 0x100;
    private static final int OUT_CAP = 65536 + Frames.IPV6_L4;

    private final EventLoop loop;
    private final TapBackend tap;
    private final DropCounters drops;
    private final AddressMap nat;
    private final long ourMac;

    private final FlowTable table;
    private int[] fd = new int[0];
    private long[] guestMac = new long[0];
    // Where requests really go: the remote, or the host behind an alias (AddressMap).
    // IPv4 addresses live in the low word of the *Lo arrays.
    private long[] targetHi = new long[0];
    private long[] targetLo = new long[0];
    private long[] guestHi = new long[0];
    private long[] guestLo = new long[0];
    private long[] lastUse = new long[0];

    private final EchoFrames request = new EchoFrames();
    private final MemorySegment sockaddr;
    private final OutboundSockets outbound;
    private final MemorySegment out;

    public PingFlows(EventLoop loop, TapBackend tap, DropCounters drops, AddressMap nat, OutboundSockets outbound,
                     long ourMac, FlowTable table) {
        this.outbound = outbound;
        this.table = table;
        this.loop = loop;
        this.nat = nat;
        this.tap = tap;
        this.drops = drops;
        this.ourMac = ourMac;
        Arena arena = Arena.ofAuto();
        this.sockaddr = arena.allocate(SockAddr.STORAGE_SIZE, 8);
        this.out = arena.allocate(OUT_CAP, 8);
        loop.handle(EventType.PING, (ref, events, now) -> fromSocket(EpollRef.index(ref), EpollRef.fd(ref), now));
        table.owner(FlowTable.PING, this);
    }

    @Override
    public void grow(int size) {
        int old = fd.length;
        fd = Arrays.copyOf(fd, size);
        Arrays.fill(fd, old, size, -1);
        guestMac = Arrays.copyOf(guestMac, size);
        targetHi = Arrays.copyOf(targetHi, size);
        targetLo = Arrays.copyOf(targetLo, size);
        guestHi = Arrays.copyOf(guestHi, size);
        guestLo = Arrays.copyOf(guestLo, size);
        lastUse = Arrays.copyOf(lastUse, size);
    }

    /** An echo request from the guest, already parsed; anything else is dropped and counted. */
    @Override
    public void fromGuest(ParsedFrame f, long now) {
        if (!request.parseRequest(f)) {
            DropReason why = request.reason();
            drops.count(why != null ? why : DropReason.UNKNOWN_PROTOCOL);
            return;
        }
        MemorySegment s = f.segment();
        long m = f.l4Offset();
        int len = f.l4Length();
        boolean six = request.isIpv6();
        long l3 = f.l3Offset();
        long rHi = six ? request.destinationHi() : 0;
        long rLo = six ? request.destinationLo() : request.destination4() & 0xffff_ffffL;
        int id = request.identifier();
        int slot = table.lookup(key(six), 0, 0, id, rHi, rLo, 0);
        if (slot < 0) {
            slot = open(six, id, rHi, rLo, now);
            if (slot < 0) {
                return;
            }
        }
        guestMac[slot] = Eth.mac(s, f.frameOffset() + Eth.SRC);
        guestHi[slot] = six ? Ipv6.hi(s, l3 + Ipv6.SRC) : 0;
        guestLo[slot] = six ? Ipv6.lo(s, l3 + Ipv6.SRC) : Be.u32l(s, l3 + Ipv4.SRC);
        lastUse[slot] = now;
        int saLen = remoteSockaddr(slot);
        long n = Sock.sendto(fd[slot], s, m, len, Sock.MSG_NOSIGNAL, sockaddr, 0, saLen);
        if (n < 0) {
            drops.count(DropReason.SOCKET_ERROR);
        }
    }

    private static int key(boolean six) {
        return six ? Ipv6.NH_ICMPV6 | V6 : Ipv4.PROTO_ICMP;
    }

    private int open(boolean six, int id, long rHi, long rLo, long now) {
        int s = six ? Sock.socket(Sock.AF_INET6, Sock.SOCK_DGRAM | Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC,
                        Sock.IPPROTO_ICMPV6)
                : Sock.socket(Sock.AF_INET, Sock.SOCK_DGRAM | Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC,
                        Sock.IPPROTO_ICMP);
        if (s < 0) {
            drops.count(DropReason.SOCKET_ERROR);
            return -1;
        }
        // The same aliases as TCP: the gateway (by default) reaches the host's loopback.
        nat.toHost(six, rHi, rLo, AddressMap.NO_PORT);
        long hostHi = nat.hi();
        long hostLo = nat.lo();
        // Keep the guest's identifier where we can; if it is taken the kernel picks one.
        if (outbound.prepare(s, six, hostHi, hostLo, id) < 0) {
            Fd.close(s);
            drops.count(DropReason.SOCKET_ERROR);
            return -1;
        }
        int slot = table.open(FlowTable.PING, key(six), 0, 0, id, rHi, rLo, 0);
        if (slot < 0) {
            Fd.close(s);
            drops.count(DropReason.FLOW_TABLE_FULL);
            return -1;
        }
        if (loop.add(s, Epoll.IN, EpollRef.of(EventType.PING, s, slot)) < 0) {
            Fd.close(s);
            table.close(slot);
            drops.count(DropReason.SOCKET_ERROR);
            return -1;
        }
        fd[slot] = s;
        lastUse[slot] = now;
        table.expireAt(slot, now + IDLE_NS + 1);
        targetHi[slot] = hostHi;
        targetLo[slot] = hostLo;
        return slot;
    }

    private int remoteSockaddr(int slot) {
        return SocketAddresses.write(sockaddr, 0, v6(slot), targetHi[slot], targetLo[slot], 0);
    }

    /** Echo replies from the socket become frames to the guest, with its identifier restored. */
    private void fromSocket(int slot, int socket, long now) {
        if (!table.is(slot, FlowTable.PING) || fd[slot] != socket) {
            return;
        }
        boolean six = v6(slot);
        long m = six ? Frames.IPV6_L4 : Frames.IPV4_L4;
        while (true) {
            long n = Sock.recv(fd[slot], out, m, OUT_CAP - m, Sock.MSG_DONTWAIT);
            if (n == -Errno.EINTR) {
                continue;
            }
            if (n < 0) {
                return;
            }
            if (n < Icmp.HLEN || Be.u8(out, m + Icmp.TYPE) != (six ? Icmp.V6_ECHO_REPLY : Icmp.V4_ECHO_REPLY)) {
                drops.count(DropReason.UNKNOWN_PROTOCOL);
                continue;
            }
            lastUse[slot] = now;
            Be.u16(out, m + Icmp.ECHO_ID, table.guestPort(slot));
            int frameLen = six
                    ? Frames.icmp6(out, 0, guestMac[slot], ourMac, Ipv6.DEFAULT_HOP_LIMIT,
                            table.remoteHi(slot), table.remoteLo(slot), guestHi[slot], guestLo[slot], (int) n)
                    : Frames.icmp4(out, 0, guestMac[slot], ourMac, (int) table.remoteLo(slot), (int) guestLo[slot], (int) n);
            tap.send(out, 0, frameLen);
        }
    }

    private boolean v6(int slot) {
        return (table.protocol(slot) & V6) != 0;
    }

    /** The flow's idle timer fired: gone after a minute without traffic, else checked again then. */
    @Override
    public void expired(int slot, long now) {
        if (now - lastUse[slot] <= IDLE_NS) {
            table.expireAt(slot, lastUse[slot] + IDLE_NS + 1);
            return;
        }
        loop.remove(fd[slot]);
        Fd.close(fd[slot]);
        fd[slot] = -1;
        table.close(slot);
    }
}

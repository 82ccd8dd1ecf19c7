package io.jpasst.engine.proto.icmp;

import io.jpasst.engine.flow.GuestNat;
import io.jpasst.engine.flow.OutboundSockets;
import io.jpasst.engine.flow.SocketAddresses;
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

/**
 * ICMP and ICMPv6 echo through unprivileged "ping" sockets: one socket per (family, echo
 * identifier, remote address), created on the first request and closed after a minute idle.
 *
 * <p>The socket is bound to the guest's identifier so the remote sees the same one; where that
 * bind fails (identifier in use) the kernel picks another, and replies are mapped back to the
 * guest's identifier here. Sequence numbers and payload pass through untouched. The kernel
 * checks and completes the ICMP header we hand it, so requests go out straight from the frame.
 * Destinations go through {@link GuestNat} like TCP's; replies come from the address the guest
 * addressed.
 */
public final class PingFlows implements L4Handler {
    private static final int MAX_FLOWS = 128;
    private static final long IDLE_NS = 60_000_000_000L;
    private static final int OUT_CAP = 65536 + Frames.IPV6_L4;

    private final EventLoop loop;
    private final TapBackend tap;
    private final DropCounters drops;
    private final GuestNat nat;
    private final long ourMac;

    private final int[] fd = new int[MAX_FLOWS];
    private final boolean[] v6 = new boolean[MAX_FLOWS];
    private final int[] guestId = new int[MAX_FLOWS];
    private final long[] guestMac = new long[MAX_FLOWS];
    // IPv4 addresses live in the low word of the *Lo arrays.
    private final long[] remoteHi = new long[MAX_FLOWS];
    private final long[] remoteLo = new long[MAX_FLOWS];
    // Where requests really go: the remote, or the host behind an alias (GuestNat).
    private final long[] targetHi = new long[MAX_FLOWS];
    private final long[] targetLo = new long[MAX_FLOWS];
    private final long[] guestHi = new long[MAX_FLOWS];
    private final long[] guestLo = new long[MAX_FLOWS];
    private final long[] lastUse = new long[MAX_FLOWS];

    private final EchoFrames request = new EchoFrames();
    private final MemorySegment sockaddr;
    private final OutboundSockets outbound;
    private final MemorySegment out;

    public PingFlows(EventLoop loop, TapBackend tap, DropCounters drops, GuestNat nat, OutboundSockets outbound,
                     long ourMac) {
        this.outbound = outbound;
        this.loop = loop;
        this.nat = nat;
        this.tap = tap;
        this.drops = drops;
        this.ourMac = ourMac;
        java.util.Arrays.fill(fd, -1);
        Arena arena = Arena.ofAuto();
        this.sockaddr = arena.allocate(SockAddr.STORAGE_SIZE, 8);
        this.out = arena.allocate(OUT_CAP, 8);
        loop.handle(EventType.PING, (ref, events, now) -> fromSocket(EpollRef.index(ref), now));
        loop.every(10_000_000_000L, this::expire);
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
        int slot = find(six, id, rHi, rLo);
        if (slot < 0) {
            slot = open(six, id, rHi, rLo);
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

    private int find(boolean six, int id, long rHi, long rLo) {
        for (int i = 0; i < MAX_FLOWS; i++) {
            if (fd[i] >= 0 && v6[i] == six && guestId[i] == id && remoteHi[i] == rHi && remoteLo[i] == rLo) {
                return i;
            }
        }
        return -1;
    }

    private int open(boolean six, int id, long rHi, long rLo) {
        int slot = -1;
        for (int i = 0; i < MAX_FLOWS && slot < 0; i++) {
            if (fd[i] < 0) {
                slot = i;
            }
        }
        if (slot < 0) {
            drops.count(DropReason.FLOW_TABLE_FULL);
            return -1;
        }
        int s = six ? Sock.socket(Sock.AF_INET6, Sock.SOCK_DGRAM | Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC,
                        Sock.IPPROTO_ICMPV6)
                : Sock.socket(Sock.AF_INET, Sock.SOCK_DGRAM | Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC,
                        Sock.IPPROTO_ICMP);
        if (s < 0) {
            drops.count(DropReason.SOCKET_ERROR);
            return -1;
        }
        // The same aliases as TCP: the gateway (by default) reaches the host's loopback.
        nat.resolve(six, rHi, rLo, GuestNat.NO_PORT);
        // Keep the guest's identifier where we can; if it is taken the kernel picks one.
        if (outbound.prepare(s, six, nat.hi(), nat.lo(), id) < 0) {
            Fd.close(s);
            drops.count(DropReason.SOCKET_ERROR);
            return -1;
        }
        if (loop.add(s, Epoll.IN, EpollRef.of(EventType.PING, s, slot)) < 0) {
            Fd.close(s);
            drops.count(DropReason.SOCKET_ERROR);
            return -1;
        }
        fd[slot] = s;
        v6[slot] = six;
        guestId[slot] = id;
        remoteHi[slot] = rHi;
        remoteLo[slot] = rLo;
        targetHi[slot] = nat.hi();
        targetLo[slot] = nat.lo();
        return slot;
    }

    private int remoteSockaddr(int slot) {
        return SocketAddresses.write(sockaddr, 0, v6[slot], targetHi[slot], targetLo[slot], 0);
    }

    /** Echo replies from the socket become frames to the guest, with its identifier restored. */
    private void fromSocket(int slot, long now) {
        if (slot < 0 || slot >= MAX_FLOWS || fd[slot] < 0) {
            return;
        }
        boolean six = v6[slot];
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
            Be.u16(out, m + Icmp.ECHO_ID, guestId[slot]);
            int frameLen = six
                    ? Frames.icmp6(out, 0, guestMac[slot], ourMac, Ipv6.DEFAULT_HOP_LIMIT,
                            remoteHi[slot], remoteLo[slot], guestHi[slot], guestLo[slot], (int) n)
                    : Frames.icmp4(out, 0, guestMac[slot], ourMac, (int) remoteLo[slot], (int) guestLo[slot], (int) n);
            tap.send(out, 0, frameLen);
        }
    }

    private void expire(long now) {
        for (int i = 0; i < MAX_FLOWS; i++) {
            if (fd[i] >= 0 && now - lastUse[i] > IDLE_NS) {
                loop.remove(fd[i]);
                Fd.close(fd[i]);
                fd[i] = -1;
            }
        }
    }
}

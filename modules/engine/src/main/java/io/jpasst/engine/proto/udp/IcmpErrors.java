package io.jpasst.engine.proto.udp;

import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.flow.nat.AddressMap;
import io.jpasst.engine.flow.nat.PeerAddress;
import io.jpasst.engine.packet.ip.Checksum;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Icmp;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.ip.Udp;
import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import io.jpasst.engine.tap.TapBackend;
import io.jpasst.sys.ErrorQueue;
import io.jpasst.sys.Sock;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * ICMP errors that came back for the guest's datagrams (port or host unreachable,
 * fragmentation needed or packet too big, time exceeded): read from the flow socket's error
 * queue and sent to the guest as the ICMP or ICMPv6 error its own datagram would have drawn,
 * so a connected socket there sees ECONNREFUSED and traceroute sees the hops.
 *
 * <p>The quoted datagram is rebuilt from the flow as the guest sent it (its addresses and
 * ports), followed by the start of the payload the kernel kept: 8 bytes for IPv4 as upstream,
 * for IPv6 as much as keeps the error within the minimum MTU of 1280. The error's source is
 * the node that sent it, as the guest sees it: the flow's remote when that node is the peer
 * itself (so a translated destination, such as the gateway standing for the host's loopback,
 * answers as itself), else the host-side mapping of {@link AddressMap}.
 */
final class IcmpErrors {
    static final int QUOTE4 = 8;
    static final int QUOTE6 = 1280 - Ipv6.HLEN - Icmp.HLEN - Ipv6.HLEN - Udp.HLEN;
    private static final int V4_FRAG_NEEDED_TYPE = 3;
    private static final int V4_FRAG_NEEDED_CODE = 4;
    private static final int V6_PACKET_TOO_BIG = 2;
    private static final int MTU_FIELD = 6;
    private static final int ICMP_TTL = 64;

    private final TapBackend tap;
    private final DropCounters drops;
    private final long ourMac;
    private final AddressMap nat;
    private final GuestState guestState;
    private final ErrorQueue queue = new ErrorQueue(QUOTE6);
    private final MemorySegment frame = Arena.ofAuto().allocate(Frames.IPV6_L4 + 1280L, 8);
    private final PeerAddress offender = new PeerAddress();

    IcmpErrors(TapBackend tap, DropCounters drops, long ourMac, AddressMap nat, GuestState guestState) {
        this.tap = tap;
        this.drops = drops;
        this.ourMac = ourMac;
        this.nat = nat;
        this.guestState = guestState;
    }

    /** Sets IP_RECVERR / IPV6_RECVERR on a flow socket: 0 or -errno. */
    static int enable(int fd, boolean six) {
        return Sock.setsockoptInt(fd, six ? Sock.SOL_IPV6 : Sock.SOL_IP, six ? Sock.IPV6_RECVERR : Sock.IP_RECVERR, 1);
    }

    /** Empties the error queue of flow {@code slot}'s socket, telling the guest of each ICMP error. */
    void drain(UdpFlowState flows, int slot) {
        int fd = flows.fd[slot];
        for (int i = 0; i < 64; i++) {
            long n = queue.read(fd);
            if (n < 0) {
                break;
            }
            if (queue.found()) {
                forward(flows, slot, (int) n);
            }
        }
        // Whatever is left in so_error was reported above (or is not for the guest): clear it.
        Sock.getsockoptInt(fd, Sock.SOL_SOCKET, Sock.SO_ERROR);
    }

    private void forward(UdpFlowState flows, int slot, int dataLen) {
        boolean six = flows.v6(slot);
        int origin = queue.origin();
        long mac = flows.guestMac[slot] != 0 ? flows.guestMac[slot] : guestState.mac();
        if (origin != (six ? ErrorQueue.ORIGIN_ICMP6 : ErrorQueue.ORIGIN_ICMP) || mac == 0) {
            drops.count(DropReason.NOT_ANSWERED);
            return;
        }
        if (!offender.read(queue.offender(), queue.offenderOffset()) || offender.six() != six) {
            drops.count(DropReason.BAD_ADDRESS);
            return;
        }
        FlowTable keys = flows.keys;
        long srcHi;
        long srcLo;
        if (offender.hi() == flows.peerHi[slot] && offender.lo() == flows.peerLo[slot]) {
            srcHi = keys.remoteHi(slot);
            srcLo = keys.remoteLo(slot);
        } else if (nat.fromHost(six, offender.hi(), offender.lo(), guestState)) {
            srcHi = nat.hi();
            srcLo = nat.lo();
        } else {
            drops.count(DropReason.BAD_ADDRESS);
            return;
        }
        int len = six
                ? error6(mac, srcHi, srcLo, keys.guestHi(slot), keys.guestLo(slot), keys.guestPort(slot),
                        keys.remoteHi(slot), keys.remoteLo(slot), keys.remotePort(slot), Math.min(dataLen, QUOTE6))
                : error4(mac, (int) srcLo, (int) keys.guestLo(slot), keys.guestPort(slot), (int) keys.remoteLo(slot),
                        keys.remotePort(slot), Math.min(dataLen, QUOTE4));
        if (tap.send(frame, 0, len) < 0) {
            drops.count(DropReason.SOCKET_ERROR);
        }
    }

    /** The ICMP error frame for the guest's datagram from guest:gPort to remote:rPort. */
    private int error4(long mac, int src, int guest, int gPort, int remote, int rPort, int quoted) {
        long m = Frames.IPV4_L4;
        int type = queue.type();
        int code = queue.code();
        Be.u8(frame, m + Icmp.TYPE, type);
        Be.u8(frame, m + Icmp.CODE, code);
        Be.u32(frame, m + 4, 0);
        if (type == V4_FRAG_NEEDED_TYPE && code == V4_FRAG_NEEDED_CODE) {
            Be.u16(frame, m + MTU_FIELD, queue.info());
        }
        long ip = m + Icmp.HLEN;
        long u = ip + Ipv4.HLEN;
        MemorySegment.copy(queue.data(), 0, frame, u + Udp.HLEN, quoted);
        int udpLen = Udp.HLEN + quoted;
        Ipv4.header(frame, ip, Ipv4.HLEN + udpLen, Ipv4.PROTO_UDP, guest, remote);
        quotedUdp(u, gPort, rPort, udpLen, Checksum.pseudoIpv4(guest, remote, Ipv4.PROTO_UDP, udpLen));
        return Frames.icmp4(frame, 0, mac, ourMac, src, guest, Icmp.HLEN + Ipv4.HLEN + udpLen);
    }

    private int error6(long mac, long srcHi, long srcLo, long gHi, long gLo, int gPort, long rHi, long rLo, int rPort,
                       int quoted) {
        long m = Frames.IPV6_L4;
        int type = queue.type();
        Be.u8(frame, m + Icmp.TYPE, type);
        Be.u8(frame, m + Icmp.CODE, queue.code());
        Be.u32(frame, m + 4, type == V6_PACKET_TOO_BIG ? queue.info() : 0);
        long ip = m + Icmp.HLEN;
        long u = ip + Ipv6.HLEN;
        MemorySegment.copy(queue.data(), 0, frame, u + Udp.HLEN, quoted);
        int udpLen = Udp.HLEN + quoted;
        Ipv6.header(frame, ip, udpLen, Ipv6.NH_UDP, Ipv6.DEFAULT_HOP_LIMIT, gHi, gLo, rHi, rLo);
        quotedUdp(u, gPort, rPort, udpLen, Checksum.pseudoIpv6(gHi, gLo, rHi, rLo, Ipv6.NH_UDP, udpLen));
        return Frames.icmp6(frame, 0, mac, ourMac, ICMP_TTL, srcHi, srcLo, gHi, gLo,
                Icmp.HLEN + Ipv6.HLEN + udpLen);
    }

    private void quotedUdp(long u, int srcPort, int dstPort, int udpLen, long pseudo) {
        Be.u16(frame, u + Udp.SRC_PORT, srcPort);
        Be.u16(frame, u + Udp.DST_PORT, dstPort);
        Be.u16(frame, u + Udp.LEN, udpLen);
        Be.u16(frame, u + Udp.CHECKSUM, 0);
        Be.u16(frame, u + Udp.CHECKSUM, Checksum.finishUdp(Checksum.sum(frame, u, udpLen, pseudo)));
    }
}

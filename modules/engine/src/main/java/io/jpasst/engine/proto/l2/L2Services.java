package io.jpasst.engine.proto.l2;

import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.Icmp;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.packet.ip.Udp;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import java.lang.foreign.MemorySegment;

/**
 * The tap path's single entry point for the built-in services: learns guest state from every
 * frame, then sorts it to ARP, DHCP, NDP or DHCPv6, or hands it back for the L4 handlers.
 * Frames whose IP headers are broken, and IP fragments, are consumed here and counted, so the
 * L4 side only ever sees frames that {@link #frame()} validated.
 */
public final class L2Services {
    /** {@link #offer} result: not a built-in service's frame, pass it to TCP/UDP/ICMP. */
    public static final int NOT_MINE = -1;

    private final GuestState guest;
    private final DropCounters drops;
    private final ParsedFrame frame = new ParsedFrame();
    private final Arp arp;
    private final Dhcp dhcp;
    private final Ndp ndp;
    private final Dhcpv6 dhcpv6;

    public L2Services(L2Config cfg, GuestState guest, DropCounters drops) {
        this.guest = guest;
        this.drops = drops;
        this.arp = new Arp(cfg, guest, drops);
        this.dhcp = new Dhcp(cfg, drops);
        this.ndp = new Ndp(cfg, guest, drops);
        this.dhcpv6 = new Dhcpv6(cfg, drops);
    }

    /**
     * Handles one guest frame {@code in[off .. off+len)}. Returns the length (> 0) of a reply
     * frame written at {@code out[outOff ..]} (never more than {@code outCap}), 0 when the frame
     * was consumed without reply (a drop reason was counted), or {@link #NOT_MINE}.
     */
    public int offer(MemorySegment in, long off, int len, MemorySegment out, long outOff, int outCap) {
        guest.learn(in, off, len);
        if (!frame.parse(in, off, len)) {
            drops.count(frame.reason());
            return 0;
        }
        switch (frame.ethertype()) {
            case Eth.TYPE_ARP -> {
                return arp.answer(frame, out, outOff, outCap);
            }
            case Eth.TYPE_IPV4, Eth.TYPE_IPV6 -> { }
            default -> {
                drops.count(DropReason.UNKNOWN_PROTOCOL);
                return 0;
            }
        }
        if (frame.isFragment()) {
            drops.count(DropReason.FRAGMENT);
            return 0;
        }
        int proto = frame.proto();
        long l4 = frame.l4Offset();
        int l4Len = frame.l4Length();
        if (proto == Ipv4.PROTO_UDP && l4Len >= Udp.HLEN) {
            int port = Be.u16(in, l4 + Udp.DST_PORT);
            if (frame.isIpv4() && port == Dhcp.SERVER_PORT) {
                return dhcp.answer(frame, out, outOff, outCap);
            }
            if (frame.isIpv6() && port == Dhcpv6.SERVER_PORT) {
                return dhcpv6.answer(frame, out, outOff, outCap);
            }
        } else if (frame.isIpv6() && proto == Ipv6.NH_ICMPV6 && l4Len >= Icmp.HLEN) {
            int type = Be.u8(in, l4 + Icmp.TYPE);
            if (type >= Icmp.V6_ROUTER_SOLICIT && type <= Icmp.V6_NEIGHBOR_ADVERT) {
                return ndp.answer(frame, out, outOff, outCap);
            }
        }
        return NOT_MINE;
    }

    /** The headers of the frame last passed to {@link #offer}, valid when it returned NOT_MINE. */
    public ParsedFrame frame() {
        return frame;
    }

    /**
     * The frames that make a guest show its MAC, built one at a time: {@code which} 0 is an
     * ARP request, 1 a Neighbour Solicitation, each for the guest's address; 0 when there is
     * nothing to ask (no address of that version, NDP off).
     */
    public int guestMacQuery(int which, MemorySegment out, long outOff, int outCap) {
        return which == 0 ? arp.request(out, outOff, outCap) : ndp.solicitGuest(out, outOff, outCap);
    }

    /** Builds a periodic unsolicited Router Advertisement; 0 when RAs are disabled. */
    public int unsolicitedRouterAdvert(MemorySegment out, long outOff, int outCap) {
        return ndp.unsolicitedRouterAdvert(out, outOff, outCap);
    }

    public GuestState guest() {
        return guest;
    }
}

package io.jpasst.engine.proto.l2;

import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Icmp;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import java.lang.foreign.MemorySegment;

/**
 * Neighbour Discovery responder (RFC 4861). Router Solicitations get a Router Advertisement
 * naming us as default router for the guest's /64 (SLAAC allowed) with the managed flag set, so
 * the guest also asks DHCPv6 for its exact address, as passt does. Neighbour Solicitations for
 * any address except the guest's own get a Neighbour Advertisement with our MAC: everything is
 * reached through us. Duplicate address detection (unspecified source) is never answered.
 * Replies come from our link-local address with hop limit 255, as RFC 4861 requires.
 */
public final class Ndp extends Responder {
    // Offsets inside the ICMPv6 message
    static final int RA_CUR_HOP_LIMIT = 4;
    static final int RA_FLAGS = 5;
    static final int RA_ROUTER_LIFETIME = 6;
    static final int RA_REACHABLE = 8;
    static final int RA_RETRANS = 12;
    static final int RA_OPTIONS = 16;
    static final int NS_TARGET = 8;
    /** ff02::1:ff00:0/104, the solicited-node multicast prefix (RFC 4291 2.7.1). */
    static final long SOLICITED_NODE_HI = 0xff02_0000_0000_0000L;
    static final long SOLICITED_NODE_LO = 0x0000_0001_ff00_0000L;
    static final int NA_FLAGS = 4;
    static final int NA_TARGET = 8;
    static final int NA_OPTIONS = 24;

    public static final int OPT_SOURCE_LL = 1;
    public static final int OPT_TARGET_LL = 2;
    public static final int OPT_PREFIX = 3;
    public static final int OPT_MTU = 5;
    public static final int OPT_RDNSS = 25;
    public static final int OPT_DNSSL = 31;

    public static final int RA_MANAGED = 0x80;
    public static final int NA_ROUTER_SOLICITED_OVERRIDE = 0xe000_0000;
    /** Prefix information flags: on-link (L) and autonomous (A). */
    public static final int PREFIX_ON_LINK_AUTONOMOUS = 0xc0;
    /** Largest router lifetime (RFC 8319), in seconds. */
    public static final int ROUTER_LIFETIME = 65535;
    public static final int INFINITE = 0xffff_ffff;
    public static final int HOP_LIMIT = 255;
    static final int MAX_RTR_ADV_INTERVAL = 600;
    static final int MIN_RTR_ADV_INTERVAL = MAX_RTR_ADV_INTERVAL / 3;

    private final GuestState guest;
    private final OptionWriter w = new OptionWriter();

    public Ndp(L2Config cfg, GuestState guest, DropCounters drops) {
        super(cfg, drops);
        this.guest = guest;
    }

    /**
     * Answers an ICMPv6 frame of type 133..136. Returns the reply length written at
     * {@code out[outOff..]}, or 0 when nothing is sent (reason counted).
     */
    public int answer(ParsedFrame f, MemorySegment out, long outOff, int outCap) {
        if (cfg.noNdp()) {
            return drop(DropReason.DISABLED);
        }
        MemorySegment in = f.segment();
        long ip = f.l3Offset();
        long m = f.l4Offset();
        int len = f.l4Length();
        if (len < Icmp.HLEN) {
            return drop(DropReason.BAD_LENGTH);
        }
        if (Be.u8(in, ip + Ipv6.HOP_LIMIT) != HOP_LIMIT || Be.u8(in, m + Icmp.CODE) != 0) {
            return drop(DropReason.MALFORMED); // RFC 4861 6.1.1/7.1.1: possibly off-link, ignore
        }
        if (!f.l4ChecksumOk()) {
            return drop(DropReason.BAD_CHECKSUM);
        }
        long srcHi = Ipv6.hi(in, ip + Ipv6.SRC);
        long srcLo = Ipv6.lo(in, ip + Ipv6.SRC);
        switch (Be.u8(in, m + Icmp.TYPE)) {
            case Icmp.V6_ROUTER_SOLICIT -> {
                if (cfg.noRa()) {
                    return drop(DropReason.DISABLED);
                }
                if (Ipv6.isUnspecified(srcHi, srcLo)) {
                    return routerAdvert(out, outOff, outCap, Eth.ipv6Multicast(Ipv6.ALL_NODES_LO),
                            Ipv6.ALL_NODES_HI, Ipv6.ALL_NODES_LO);
                }
                return routerAdvert(out, outOff, outCap, f.srcMac(), srcHi, srcLo);
            }
            case Icmp.V6_NEIGHBOR_SOLICIT -> {
                if (len < NA_OPTIONS) {
                    return drop(DropReason.BAD_LENGTH);
                }
                long tHi = Ipv6.hi(in, m + NS_TARGET);
                long tLo = Ipv6.lo(in, m + NS_TARGET);
                if (Ipv6.isMulticast(tHi)) {
                    return drop(DropReason.MALFORMED);
                }
                if (Ipv6.isUnspecified(srcHi, srcLo) || guest.ownsIp6(tHi, tLo)
                        || tHi == cfg.ip6AddrHi() && tLo == cfg.ip6AddrLo()) {
                    return drop(DropReason.NOT_ANSWERED);
                }
                return neighborAdvert(out, outOff, outCap, f.srcMac(), srcHi, srcLo, tHi, tLo);
            }
            default -> {
                return drop(DropReason.NOT_ANSWERED); // advertisements from the guest: nothing to say
            }
        }
    }

    /**
     * A Neighbour Solicitation for the guest's address, to its solicited-node multicast group
     * (RFC 4861 7.2.2, with our link-layer address), so that the guest's advertisement teaches
     * us its MAC: the IPv6 half of {@link Arp#request}. 0 with NDP off or no IPv6 address.
     */
    public int solicitGuest(MemorySegment out, long outOff, int outCap) {
        if (cfg.noNdp() || !cfg.hasIp6() || !w.startAfter(out, outOff, outCap, Frames.IPV6_L4)) {
            return 0;
        }
        long groupLo = SOLICITED_NODE_LO | (cfg.ip6AddrLo() & 0xff_ffffL);
        w.u8(Icmp.V6_NEIGHBOR_SOLICIT);
        w.u8(0);
        w.u16(0);
        w.u32(0); // reserved
        w.ipv6(cfg.ip6AddrHi(), cfg.ip6AddrLo());
        long o = w.open8(OPT_SOURCE_LL);
        w.mac(cfg.ourMac());
        w.closeNdp(o);
        return finish(out, outOff, Eth.ipv6Multicast(groupLo), SOLICITED_NODE_HI, groupLo);
    }

    /** An unsolicited Router Advertisement to all nodes, for the loop's periodic timer. */
    public int unsolicitedRouterAdvert(MemorySegment out, long outOff, int outCap) {
        if (cfg.noNdp() || cfg.noRa()) {
            return 0;
        }
        return routerAdvert(out, outOff, outCap, Eth.ipv6Multicast(Ipv6.ALL_NODES_LO),
                Ipv6.ALL_NODES_HI, Ipv6.ALL_NODES_LO);
    }

    /**
     * Seconds until the next unsolicited Router Advertisement: uniformly random between
     * MinRtrAdvInterval (200 s) and MaxRtrAdvInterval (600 s), RFC 4861 6.2.1/6.2.4, so that
     * routers on a link don't synchronise. Well below the 65535 s router lifetime.
     */
    public static int nextUnsolicitedDelaySeconds(java.util.random.RandomGenerator random) {
        return MIN_RTR_ADV_INTERVAL + random.nextInt(MAX_RTR_ADV_INTERVAL - MIN_RTR_ADV_INTERVAL);
    }

    private int routerAdvert(MemorySegment out, long outOff, int outCap, long dstMac, long dstHi, long dstLo) {
        if (!w.startAfter(out, outOff, outCap, Frames.IPV6_L4)) {
            return drop(DropReason.NO_ROOM);
        }
        w.u8(Icmp.V6_ROUTER_ADVERT);
        w.u8(0);
        w.u16(0); // checksum, filled by Frames
        w.u8(Ipv6.DEFAULT_HOP_LIMIT);
        w.u8(RA_MANAGED);
        w.u16(ROUTER_LIFETIME);
        w.u32(0); // reachable time: unspecified
        w.u32(0); // retrans timer: unspecified
        long o = w.open8(OPT_SOURCE_LL);
        w.mac(cfg.ourMac());
        w.closeNdp(o);
        if (cfg.mtu() != 0) {
            o = w.open8(OPT_MTU);
            w.u16(0);
            w.u32(cfg.mtu());
            w.closeNdp(o);
        }
        if (cfg.hasIp6()) {
            o = w.open8(OPT_PREFIX);
            w.u8(64);
            w.u8(PREFIX_ON_LINK_AUTONOMOUS);
            w.u32(INFINITE); // valid lifetime
            w.u32(INFINITE); // preferred lifetime
            w.u32(0);
            w.ipv6(cfg.ip6AddrHi(), 0);
            w.closeNdp(o);
        }
        if (cfg.dhcpDns() && cfg.ip6DnsCount() > 0) {
            o = w.open8(OPT_RDNSS);
            w.u16(0);
            w.u32(INFINITE);
            for (int i = 0; i < cfg.ip6DnsCount(); i++) {
                w.ipv6(cfg.ip6DnsHi(i), cfg.ip6DnsLo(i));
            }
            w.closeNdp(o);
        }
        int searchLen = (int) cfg.searchPlain().byteSize();
        if (cfg.dhcpSearch() && searchLen > 0) {
            o = w.open8(OPT_DNSSL);
            w.u16(0);
            w.u32(INFINITE);
            w.bytes(cfg.searchPlain(), 0, searchLen);
            w.closeNdp(o);
        }
        return finish(out, outOff, dstMac, dstHi, dstLo);
    }

    private int neighborAdvert(MemorySegment out, long outOff, int outCap, long dstMac, long dstHi, long dstLo,
                               long targetHi, long targetLo) {
        if (!w.startAfter(out, outOff, outCap, Frames.IPV6_L4)) {
            return drop(DropReason.NO_ROOM);
        }
        w.u8(Icmp.V6_NEIGHBOR_ADVERT);
        w.u8(0);
        w.u16(0);
        w.u32(NA_ROUTER_SOLICITED_OVERRIDE);
        w.ipv6(targetHi, targetLo);
        long o = w.open8(OPT_TARGET_LL);
        w.mac(cfg.ourMac());
        w.closeNdp(o);
        return finish(out, outOff, dstMac, dstHi, dstLo);
    }

    private int finish(MemorySegment out, long outOff, long dstMac, long dstHi, long dstLo) {
        if (w.overflowed()) {
            return drop(DropReason.NO_ROOM);
        }
        int icmpLen = w.written();
        return Frames.icmp6(out, outOff, dstMac, cfg.ourMac(), HOP_LIMIT,
                cfg.ip6OurLlHi(), cfg.ip6OurLlLo(), dstHi, dstLo, icmpLen);
    }
}

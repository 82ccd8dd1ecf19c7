package io.jpasst.engine.proto.l2;

import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.Be;
import java.lang.foreign.MemorySegment;

/**
 * What we learnt from the guest's own frames: its MAC, and the IPv4, IPv6 global and IPv6
 * link-local source addresses it last used (0 until seen). The L4 side uses these to address
 * frames towards the guest. Learning reads only sources that are plausibly the guest's own:
 * unicast MACs, non-zero IPv4, non-multicast non-unspecified IPv6.
 */
public final class GuestState {
    private long mac;
    private int ip4;
    private long ip6Hi;
    private long ip6Lo;
    private long ip6LlHi;
    private long ip6LlLo;

    /** Learns from any frame; malformed or short frames teach what their valid prefix holds. */
    public void learn(MemorySegment s, long off, int len) {
        if (len < Eth.HLEN || off < 0 || off + len > s.byteSize()) {
            return;
        }
        long src = Eth.mac(s, off + Eth.SRC);
        if ((src & 0x0100_0000_0000L) == 0 && src != 0) { // group bit clear: a unicast source
            mac = src;
        }
        long l3 = off + Eth.HLEN;
        int avail = len - Eth.HLEN;
        switch (Be.u16(s, off + Eth.TYPE)) {
            case Eth.TYPE_IPV4 -> {
                if (avail >= Ipv4.HLEN && (Be.u8(s, l3) >>> 4) == 4) {
                    learnIp4(Be.u32(s, l3 + Ipv4.SRC));
                }
            }
            case Eth.TYPE_ARP -> {
                if (avail >= Arp.LEN) {
                    learnIp4(Be.u32(s, l3 + Arp.SPA));
                }
            }
            case Eth.TYPE_IPV6 -> {
                if (avail >= Ipv6.HLEN && (Be.u8(s, l3) >>> 4) == 6) {
                    learnIp6(Ipv6.hi(s, l3 + Ipv6.SRC), Ipv6.lo(s, l3 + Ipv6.SRC));
                }
            }
            default -> { }
        }
    }

    private void learnIp4(int a) {
        if (a != 0 && a != Ipv4.BROADCAST && (a >>> 28) != 0xe) {
            ip4 = a;
        }
    }

    private void learnIp6(long hi, long lo) {
        if (Ipv6.isUnspecified(hi, lo) || Ipv6.isMulticast(hi)) {
            return;
        }
        if (Ipv6.isLinkLocal(hi)) {
            ip6LlHi = hi;
            ip6LlLo = lo;
        } else {
            ip6Hi = hi;
            ip6Lo = lo;
        }
    }

    public long mac() { return mac; }
    public int ip4() { return ip4; }
    public long ip6Hi() { return ip6Hi; }
    public long ip6Lo() { return ip6Lo; }
    public long ip6LinkLocalHi() { return ip6LlHi; }
    public long ip6LinkLocalLo() { return ip6LlLo; }

    /** True when {@code hi/lo} is an IPv6 address the guest uses (global or link-local). */
    public boolean ownsIp6(long hi, long lo) {
        return (hi == ip6Hi && lo == ip6Lo || hi == ip6LlHi && lo == ip6LlLo) && !Ipv6.isUnspecified(hi, lo);
    }
}

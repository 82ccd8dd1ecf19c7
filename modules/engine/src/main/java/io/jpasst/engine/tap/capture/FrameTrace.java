package io.jpasst.engine.tap.capture;

import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.ip.Tcp;
import io.jpasst.engine.control.netlink.IpText;
import io.jpasst.engine.packet.Be;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One {@code --trace} line per frame, e.g.
 * {@code from guest, 74 bytes: IPv4 TCP 192.0.2.2:40000 > 203.0.113.10:80 [S]}.
 * Reads only what lies inside the frame, and says "truncated" where a header is cut short:
 * the frame may be anything a guest sent. Debug-only, so building the string may allocate.
 */
public final class FrameTrace {
    private static final int ARP_OP = 6;
    private static final int ARP_SENDER_IP = 14;
    private static final int ARP_TARGET_IP = 24;
    private static final int ARP_LEN = 28;
    private static final String TCP_FLAG_LETTERS = "FSRPAUEC";

    private FrameTrace() {}

    /** The line for {@code seg[off, off+len)}, sent {@code toGuest} or received from it. */
    public static String line(boolean toGuest, MemorySegment seg, long off, int len) {
        StringBuilder sb = new StringBuilder(96).append(toGuest ? "to guest, " : "from guest, ")
                .append(len).append(" bytes: ");
        if (len < Eth.HLEN) {
            return sb.append("truncated Ethernet header").toString();
        }
        int type = Be.u16(seg, off + Eth.TYPE);
        long l3 = off + Eth.HLEN;
        int l3len = len - Eth.HLEN;
        switch (type) {
            case Eth.TYPE_ARP -> arp(sb, seg, l3, l3len);
            case Eth.TYPE_IPV4 -> ipv4(sb, seg, l3, l3len);
            case Eth.TYPE_IPV6 -> ipv6(sb, seg, l3, l3len);
            default -> sb.append("ethertype 0x").append(Integer.toHexString(type));
        }
        return sb.toString();
    }

    private static void arp(StringBuilder sb, MemorySegment seg, long at, int len) {
        if (len < ARP_LEN) {
            sb.append("ARP truncated");
            return;
        }
        int op = Be.u16(seg, at + ARP_OP);
        sb.append(op == 1 ? "ARP request " : op == 2 ? "ARP reply " : "ARP op " + op + " ")
                .append(address(seg, at + ARP_SENDER_IP, 4)).append(" > ")
                .append(address(seg, at + ARP_TARGET_IP, 4));
    }

    private static void ipv4(StringBuilder sb, MemorySegment seg, long at, int len) {
        if (len < Ipv4.HLEN) {
            sb.append("IPv4 truncated");
            return;
        }
        int ihl = (Be.u8(seg, at + Ipv4.VER_IHL) & 0xf) * 4;
        int proto = Be.u8(seg, at + Ipv4.PROTO);
        boolean laterFragment = (Be.u16(seg, at + Ipv4.FRAG) & 0x1fff) != 0;
        sb.append("IPv4 ");
        String src = address(seg, at + Ipv4.SRC, 4);
        String dst = address(seg, at + Ipv4.DST, 4);
        if (ihl < Ipv4.HLEN || ihl > len || laterFragment) {
            sb.append("proto ").append(proto).append(' ').append(src).append(" > ").append(dst)
                    .append(laterFragment ? " fragment" : " bad header length");
            return;
        }
        l4(sb, seg, proto, false, src, dst, at + ihl, len - ihl);
    }

    private static void ipv6(StringBuilder sb, MemorySegment seg, long at, int len) {
        if (len < Ipv6.HLEN) {
            sb.append("IPv6 truncated");
            return;
        }
        sb.append("IPv6 ");
        String src = address(seg, at + Ipv6.SRC, 16);
        String dst = address(seg, at + Ipv6.DST, 16);
        int next = Be.u8(seg, at + Ipv6.NEXT_HEADER);
        long l4 = at + Ipv6.HLEN;
        long end = at + len;
        // Skip the extension headers a guest commonly sends (MLD reports carry hop-by-hop).
        while ((next == Ipv6.NH_HOP_BY_HOP || next == Ipv6.NH_ROUTING || next == Ipv6.NH_DEST_OPTS)
                && end - l4 >= 8) {
            int size = (Be.u8(seg, l4 + 1) + 1) * 8;
            next = Be.u8(seg, l4);
            l4 += size;
        }
        if (l4 > end) {
            sb.append(src).append(" > ").append(dst).append(" truncated extension header");
            return;
        }
        l4(sb, seg, next, true, src, dst, l4, (int) (end - l4));
    }

    private static void l4(StringBuilder sb, MemorySegment seg, int proto, boolean v6, String src, String dst,
                           long at, int len) {
        boolean icmp = v6 ? proto == Ipv6.NH_ICMPV6 : proto == Ipv4.PROTO_ICMP;
        if (icmp) {
            sb.append(v6 ? "ICMPv6 " : "ICMP ").append(src).append(" > ").append(dst);
            if (len >= 2) {
                sb.append(" type ").append(Be.u8(seg, at)).append(" code ").append(Be.u8(seg, at + 1));
            } else {
                sb.append(" truncated");
            }
            return;
        }
        boolean tcp = proto == Ipv4.PROTO_TCP;
        if (!tcp && proto != Ipv4.PROTO_UDP) {
            sb.append("proto ").append(proto).append(' ').append(src).append(" > ").append(dst);
            return;
        }
        sb.append(tcp ? "TCP " : "UDP ");
        if (len < (tcp ? Tcp.FLAGS + 1 : 4)) {
            sb.append(src).append(" > ").append(dst).append(" truncated");
            return;
        }
        endpoint(sb, src, v6, Be.u16(seg, at)).append(" > ");
        endpoint(sb, dst, v6, Be.u16(seg, at + 2));
        if (tcp) {
            int flags = Be.u8(seg, at + Tcp.FLAGS);
            sb.append(" [");
            for (int i = 0; i < TCP_FLAG_LETTERS.length(); i++) {
                if ((flags & (1 << i)) != 0) {
                    sb.append(TCP_FLAG_LETTERS.charAt(i));
                }
            }
            sb.append(']');
        }
    }

    private static StringBuilder endpoint(StringBuilder sb, String address, boolean v6, int port) {
        return (v6 ? sb.append('[').append(address).append(']') : sb.append(address)).append(':').append(port);
    }

    private static String address(MemorySegment seg, long at, int size) {
        byte[] bytes = new byte[size];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, at, bytes, 0, size);
        try {
            return IpText.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }
}

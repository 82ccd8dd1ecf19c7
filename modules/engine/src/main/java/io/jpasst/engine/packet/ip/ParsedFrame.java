package io.jpasst.engine.packet.ip;

import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropReason;
import java.lang.foreign.MemorySegment;

/**
 * The validated header layout of one guest frame: where L3 and L4 start, how long L4 is and
 * which protocol it carries. One instance is reused for every frame (no allocation); a failed
 * {@link #parse} leaves the reason in {@link #reason()}. Validation covers: Ethernet length,
 * IPv4 version, IHL, total length against what arrived (trailing Ethernet padding ignored),
 * header checksum; IPv6 version, payload length, and extension headers (hop-by-hop, routing,
 * destination options, fragment, AH) walked with bounds checks.
 */
public final class ParsedFrame {
    private MemorySegment seg;
    private long off;
    private int ethertype;
    private long l3Off;
    private long l4Off;
    private int l4Len;
    private int proto;
    private boolean fragment;
    private DropReason reason;

    /**
     * Parses {@code s[off .. off+len)}. Returns true when the headers are sound. ARP and other
     * ethertypes parse successfully with {@link #proto()} == -1 and L3 as the payload.
     */
    public boolean parse(MemorySegment s, long off, int len) {
        this.seg = s;
        this.off = off;
        this.reason = null;
        this.fragment = false;
        this.proto = -1;
        if (len < Eth.HLEN || off < 0 || off + len > s.byteSize()) {
            return fail(DropReason.BAD_LENGTH);
        }
        ethertype = Be.u16(s, off + Eth.TYPE);
        l3Off = off + Eth.HLEN;
        int l3Avail = len - Eth.HLEN;
        l4Off = l3Off;
        l4Len = l3Avail;
        return switch (ethertype) {
            case Eth.TYPE_IPV4 -> parseIpv4(l3Avail);
            case Eth.TYPE_IPV6 -> parseIpv6(l3Avail);
            default -> true;
        };
    }

    private boolean parseIpv4(int avail) {
        if (avail < Ipv4.HLEN) {
            return fail(DropReason.BAD_LENGTH);
        }
        int verIhl = Be.u8(seg, l3Off + Ipv4.VER_IHL);
        int ihl = (verIhl & 0xf) * 4;
        if ((verIhl >>> 4) != 4 || ihl < Ipv4.HLEN) {
            return fail(DropReason.MALFORMED);
        }
        int total = Be.u16(seg, l3Off + Ipv4.TOTAL_LEN);
        if (ihl > avail || total < ihl || total > avail) {
            return fail(DropReason.BAD_LENGTH);
        }
        if (!Checksum.verifiesIpv4Header(seg, l3Off, ihl)) {
            return fail(DropReason.BAD_CHECKSUM);
        }
        fragment = (Be.u16(seg, l3Off + Ipv4.FRAG) & Ipv4.MF_AND_OFFSET) != 0;
        proto = Be.u8(seg, l3Off + Ipv4.PROTO);
        l4Off = l3Off + ihl;
        l4Len = total - ihl;
        return true;
    }

    private boolean parseIpv6(int avail) {
        if (avail < Ipv6.HLEN) {
            return fail(DropReason.BAD_LENGTH);
        }
        if ((Be.u8(seg, l3Off) >>> 4) != 6) {
            return fail(DropReason.MALFORMED);
        }
        int payload = Be.u16(seg, l3Off + Ipv6.PAYLOAD_LEN);
        if (payload > avail - Ipv6.HLEN) {
            return fail(DropReason.BAD_LENGTH);
        }
        int next = Be.u8(seg, l3Off + Ipv6.NEXT_HEADER);
        long p = l3Off + Ipv6.HLEN;
        long end = p + payload;
        // Every extension header is at least 8 bytes, so this loop ends within payload/8 steps.
        while (true) {
            int extLen;
            switch (next) {
                case Ipv6.NH_HOP_BY_HOP, Ipv6.NH_ROUTING, Ipv6.NH_DEST_OPTS -> {
                    if (end - p < 8) {
                        return fail(DropReason.BAD_LENGTH);
                    }
                    extLen = (Be.u8(seg, p + 1) + 1) * 8;
                }
                case Ipv6.NH_AH -> {
                    if (end - p < 8) {
                        return fail(DropReason.BAD_LENGTH);
                    }
                    extLen = (Be.u8(seg, p + 1) + 2) * 4;
                }
                case Ipv6.NH_FRAGMENT -> {
                    if (end - p < 8) {
                        return fail(DropReason.BAD_LENGTH);
                    }
                    fragment = true;
                    extLen = 8;
                }
                default -> {
                    proto = next;
                    l4Off = p;
                    l4Len = (int) (end - p);
                    return true;
                }
            }
            if (extLen > end - p) {
                return fail(DropReason.BAD_LENGTH);
            }
            next = Be.u8(seg, p);
            p += extLen;
        }
    }

    private boolean fail(DropReason r) {
        reason = r;
        return false;
    }

    public MemorySegment segment() {
        return seg;
    }

    /** Offset of the Ethernet header. */
    public long frameOffset() {
        return off;
    }

    public int ethertype() {
        return ethertype;
    }

    public boolean isIpv4() {
        return ethertype == Eth.TYPE_IPV4;
    }

    public boolean isIpv6() {
        return ethertype == Eth.TYPE_IPV6;
    }

    /** Absolute offset of the IP (or ARP) header. */
    public long l3Offset() {
        return l3Off;
    }

    /** Absolute offset of the upper-layer header (after IPv6 extension headers). */
    public long l4Offset() {
        return l4Off;
    }

    /** Upper-layer length as declared by the IP header (Ethernet padding excluded). */
    public int l4Length() {
        return l4Len;
    }

    /** IP protocol / final IPv6 next header; -1 for non-IP frames. */
    public int proto() {
        return proto;
    }

    /** True for any IPv4 or IPv6 fragment (first or later): its L4 header can't be trusted whole. */
    public boolean isFragment() {
        return fragment;
    }

    /** Why the last {@link #parse} failed; null after a success. */
    public DropReason reason() {
        return reason;
    }

    /** Source MAC address of the frame. */
    public long srcMac() {
        return Eth.mac(seg, off + Eth.SRC);
    }

    /** Pseudo-header partial sum for this frame's L4 checksum; 0 for ICMPv4, which has none. */
    public long pseudoHeaderSum() {
        if (isIpv4() && proto == Ipv4.PROTO_ICMP) {
            return 0;
        }
        if (isIpv4()) {
            return Checksum.pseudoIpv4(Be.u32(seg, l3Off + Ipv4.SRC), Be.u32(seg, l3Off + Ipv4.DST), proto, l4Len);
        }
        return Checksum.pseudoIpv6(Ipv6.hi(seg, l3Off + Ipv6.SRC), Ipv6.lo(seg, l3Off + Ipv6.SRC),
                Ipv6.hi(seg, l3Off + Ipv6.DST), Ipv6.lo(seg, l3Off + Ipv6.DST), proto, l4Len);
    }

    /**
     * Checks a UDP datagram carrying at least {@code minPayload} bytes: the UDP length field
     * must match the IP length and the checksum must verify. Returns null when it is sound.
     */
    public DropReason udpProblem(int minPayload) {
        DropReason length = udpLengthProblem();
        if (length != null || l4Len < Udp.HLEN + minPayload) {
            return DropReason.BAD_LENGTH;
        }
        return l4ChecksumOk() ? null : DropReason.BAD_CHECKSUM;
    }

    /**
     * Checks only the shape of a UDP datagram: a whole header, and a length field that matches
     * the IP length. Returns null when it is sound. For datagrams that leave through a socket,
     * whose checksum the kernel computes afresh, so verifying the guest's buys nothing.
     */
    public DropReason udpLengthProblem() {
        return l4Len < Udp.HLEN || Be.u16(seg, l4Off + Udp.LEN) != l4Len ? DropReason.BAD_LENGTH : null;
    }

    /** True when the L4 checksum verifies; a UDP-over-IPv4 checksum of 0 means "not computed". */
    public boolean l4ChecksumOk() {
        if (isIpv4() && proto == Ipv4.PROTO_UDP && l4Len >= Udp.HLEN && Be.u16(seg, l4Off + Udp.CHECKSUM) == 0) {
            return true;
        }
        return Checksum.verifiesL4(seg, l4Off, l4Len, pseudoHeaderSum());
    }
}

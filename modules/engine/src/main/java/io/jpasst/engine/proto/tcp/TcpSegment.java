package io.jpasst.engine.proto.tcp;

import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.packet.ip.Tcp;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropReason;
import java.lang.foreign.MemorySegment;

/**
 * The fields of one guest TCP segment, checked: header length within the segment, checksum,
 * and the SYN options we use (MSS, window scale) walked with bounds checks. One instance is
 * reused for every segment; fields are valid until the next {@link #parse}.
 */
public final class TcpSegment {
    /** Option kinds (RFC 9293, RFC 7323). */
    static final int OPT_END = 0;
    static final int OPT_NOP = 1;
    static final int OPT_MSS = 2;
    static final int OPT_WS = 3;
    /** No window scale option present. */
    public static final int NO_WSCALE = -1;
    /** Largest shift RFC 7323 allows. */
    public static final int MAX_WSCALE = 14;

    private MemorySegment seg;
    private boolean v6;
    private long srcHi;
    private long srcLo;
    private long dstHi;
    private long dstLo;
    private int srcPort;
    private int dstPort;
    private int seq;
    private int ack;
    private int flags;
    private int window;
    private long payloadOff;
    private int payloadLen;
    private int mss;
    private int wscale;
    private long srcMac;
    private DropReason reason;

    /** Reads the TCP segment of {@code f}; false with {@link #reason()} when it is unusable. */
    public boolean parse(ParsedFrame f) {
        reason = null;
        seg = f.segment();
        long l4 = f.l4Offset();
        int len = f.l4Length();
        if (len < Tcp.HLEN) {
            return fail(DropReason.BAD_LENGTH);
        }
        int hlen = (Be.u8(seg, l4 + Tcp.DATA_OFF) >>> 4) * 4;
        if (hlen < Tcp.HLEN || hlen > len) {
            return fail(DropReason.MALFORMED);
        }
        if (!f.l4ChecksumOk()) {
            return fail(DropReason.BAD_CHECKSUM);
        }
        v6 = f.isIpv6();
        long l3 = f.l3Offset();
        if (v6) {
            srcHi = Ipv6.hi(seg, l3 + Ipv6.SRC);
            srcLo = Ipv6.lo(seg, l3 + Ipv6.SRC);
            dstHi = Ipv6.hi(seg, l3 + Ipv6.DST);
            dstLo = Ipv6.lo(seg, l3 + Ipv6.DST);
        } else {
            srcHi = 0;
            srcLo = Be.u32l(seg, l3 + Ipv4.SRC);
            dstHi = 0;
            dstLo = Be.u32l(seg, l3 + Ipv4.DST);
        }
        srcMac = f.srcMac();
        srcPort = Be.u16(seg, l4 + Tcp.SRC_PORT);
        dstPort = Be.u16(seg, l4 + Tcp.DST_PORT);
        seq = Be.u32(seg, l4 + Tcp.SEQ);
        ack = Be.u32(seg, l4 + Tcp.ACK);
        flags = Be.u8(seg, l4 + Tcp.FLAGS);
        window = Be.u16(seg, l4 + Tcp.WINDOW);
        payloadOff = l4 + hlen;
        payloadLen = len - hlen;
        mss = 0;
        wscale = NO_WSCALE;
        // Options are checked on every segment (a truncated one means a broken sender), though
        // only a SYN's are used; data segments rarely carry any, as we offer none.
        if (hlen > Tcp.HLEN && !options(l4 + Tcp.HLEN, hlen - Tcp.HLEN)) {
            return fail(DropReason.MALFORMED);
        }
        return true;
    }

    /** Walks the options; false when one runs past the header or has an impossible length. */
    private boolean options(long at, int len) {
        long p = at;
        long end = at + len;
        while (p < end) {
            int kind = Be.u8(seg, p);
            if (kind == OPT_END) {
                return true;
            }
            if (kind == OPT_NOP) {
                p++;
                continue;
            }
            if (end - p < 2) {
                return false;
            }
            int olen = Be.u8(seg, p + 1);
            if (olen < 2 || olen > end - p) {
                return false;
            }
            if (kind == OPT_MSS && olen == 4) {
                mss = Be.u16(seg, p + 2);
            } else if (kind == OPT_WS && olen == 3) {
                wscale = Math.min(Be.u8(seg, p + 2), MAX_WSCALE);
            }
            p += olen;
        }
        return true;
    }

    private boolean fail(DropReason r) {
        reason = r;
        return false;
    }

    public MemorySegment segment() { return seg; }
    public boolean isIpv6() { return v6; }
    public long srcHi() { return srcHi; }
    public long srcLo() { return srcLo; }
    public long dstHi() { return dstHi; }
    public long dstLo() { return dstLo; }
    public int srcPort() { return srcPort; }
    public int dstPort() { return dstPort; }
    public int seq() { return seq; }
    public int ack() { return ack; }
    public int flags() { return flags; }
    public boolean has(int flag) { return (flags & flag) != 0; }
    public int window() { return window; }
    public long payloadOffset() { return payloadOff; }
    public int payloadLength() { return payloadLen; }
    /** MSS option of a SYN, 0 when absent. */
    public int mss() { return mss; }
    /** Window scale option of a SYN, {@link #NO_WSCALE} when absent. */
    public int wscale() { return wscale; }
    public long srcMac() { return srcMac; }
    public DropReason reason() { return reason; }
}

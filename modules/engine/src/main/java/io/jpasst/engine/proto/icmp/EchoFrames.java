package io.jpasst.engine.proto.icmp;

import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Icmp;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropReason;
import java.lang.foreign.MemorySegment;

/**
 * Echo (ping) frames between the guest and the ICMP socket side. {@link #parseRequest} checks a
 * guest echo request and exposes destination, identifier, sequence and the payload range;
 * {@code reply4}/{@code reply6} build an echo reply frame towards the guest. One instance is
 * reused for every frame; the parsed fields stay valid until the next parse.
 */
public final class EchoFrames {
    private boolean v6;
    private int dst4;
    private long dstHi;
    private long dstLo;
    private int id;
    private int seq;
    private long payloadOff;
    private int payloadLen;
    private DropReason reason;

    /**
     * True when {@code f} (already parsed successfully) is an ICMP echo request with a valid
     * checksum; otherwise false, with {@link #reason()} set (null: simply not an echo request).
     */
    public boolean parseRequest(ParsedFrame f) {
        reason = null;
        MemorySegment s = f.segment();
        long m = f.l4Offset();
        int len = f.l4Length();
        v6 = f.isIpv6();
        int expected = v6 ? Ipv6.NH_ICMPV6 : Ipv4.PROTO_ICMP;
        if (!(f.isIpv4() || v6) || f.proto() != expected) {
            return false;
        }
        if (f.isFragment()) {
            reason = DropReason.FRAGMENT;
            return false;
        }
        if (len < Icmp.HLEN) {
            reason = DropReason.BAD_LENGTH;
            return false;
        }
        if (Be.u8(s, m + Icmp.TYPE) != (v6 ? Icmp.V6_ECHO_REQUEST : Icmp.V4_ECHO_REQUEST)) {
            return false;
        }
        if (Be.u8(s, m + Icmp.CODE) != 0) {
            reason = DropReason.MALFORMED;
            return false;
        }
        if (!f.l4ChecksumOk()) {
            reason = DropReason.BAD_CHECKSUM;
            return false;
        }
        long l3 = f.l3Offset();
        if (v6) {
            dstHi = Ipv6.hi(s, l3 + Ipv6.DST);
            dstLo = Ipv6.lo(s, l3 + Ipv6.DST);
        } else {
            dst4 = Be.u32(s, l3 + Ipv4.DST);
        }
        id = Be.u16(s, m + Icmp.ECHO_ID);
        seq = Be.u16(s, m + Icmp.ECHO_SEQ);
        payloadOff = m + Icmp.HLEN;
        payloadLen = len - Icmp.HLEN;
        return true;
    }

    public boolean isIpv6() { return v6; }
    public int destination4() { return dst4; }
    public long destinationHi() { return dstHi; }
    public long destinationLo() { return dstLo; }
    public int identifier() { return id; }
    public int sequence() { return seq; }
    /** Absolute offset of the echo data in the parsed frame's segment. */
    public long payloadOffset() { return payloadOff; }
    public int payloadLength() { return payloadLen; }
    public DropReason reason() { return reason; }

    /**
     * Builds an ICMP echo reply from {@code remote} to {@code guestAddr}; returns the frame
     * length, or 0 when it would not fit in {@code outCap}.
     */
    public static int reply4(MemorySegment out, long outOff, int outCap, long guestMac, long ourMac,
                             int remote, int guestAddr, int id, int seq,
                             MemorySegment data, long dataOff, int dataLen) {
        int icmpLen = Icmp.HLEN + dataLen;
        if (!fits(out, outOff, outCap, Frames.IPV4_L4 + icmpLen, data, dataOff, dataLen)) {
            return 0;
        }
        writeEcho(out, outOff + Frames.IPV4_L4, Icmp.V4_ECHO_REPLY, id, seq, data, dataOff, dataLen);
        return Frames.icmp4(out, outOff, guestMac, ourMac, remote, guestAddr, icmpLen);
    }

    /** ICMPv6 counterpart of {@link #reply4}. */
    public static int reply6(MemorySegment out, long outOff, int outCap, long guestMac, long ourMac,
                             long remoteHi, long remoteLo, long guestHi, long guestLo, int id, int seq,
                             MemorySegment data, long dataOff, int dataLen) {
        int icmpLen = Icmp.HLEN + dataLen;
        if (!fits(out, outOff, outCap, Frames.IPV6_L4 + icmpLen, data, dataOff, dataLen)) {
            return 0;
        }
        writeEcho(out, outOff + Frames.IPV6_L4, Icmp.V6_ECHO_REPLY, id, seq, data, dataOff, dataLen);
        return Frames.icmp6(out, outOff, guestMac, ourMac, Ipv6.DEFAULT_HOP_LIMIT,
                remoteHi, remoteLo, guestHi, guestLo, icmpLen);
    }

    private static boolean fits(MemorySegment out, long outOff, int outCap, int frameLen,
                                MemorySegment data, long dataOff, int dataLen) {
        return dataLen >= 0 && dataLen <= 65535 - 48 && frameLen <= outCap && outOff >= 0
                && outOff + frameLen <= out.byteSize() && dataOff >= 0 && dataOff + dataLen <= data.byteSize();
    }

    private static void writeEcho(MemorySegment out, long m, int type, int id, int seq,
                                  MemorySegment data, long dataOff, int dataLen) {
        Be.u8(out, m + Icmp.TYPE, type);
        Be.u8(out, m + Icmp.CODE, 0);
        Be.u16(out, m + Icmp.ECHO_ID, id);
        Be.u16(out, m + Icmp.ECHO_SEQ, seq);
        MemorySegment.copy(data, dataOff, out, m + Icmp.HLEN, dataLen);
    }
}

package io.jpasst.engine.proto.l2;

import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import java.lang.foreign.MemorySegment;

/**
 * ARP responder (RFC 826): every IPv4 address the guest asks about, except its own, resolves to
 * our MAC, because everything beyond the guest is reached through us. Announcements (sender ==
 * target) get no answer; probes (sender 0.0.0.0) do, unless they ask for the guest's address.
 */
public final class Arp extends Responder {
    public static final int HTYPE = 0;
    public static final int PTYPE = 2;
    public static final int HLEN = 4;
    public static final int PLEN = 5;
    public static final int OP = 6;
    public static final int SHA = 8;
    public static final int SPA = 14;
    public static final int THA = 18;
    public static final int TPA = 24;
    /** Ethernet/IPv4 ARP packet length. */
    public static final int LEN = 28;

    public static final int OP_REQUEST = 1;
    public static final int OP_REPLY = 2;

    static final int FRAME_LEN = Eth.HLEN + LEN;

    private final GuestState guest;

    public Arp(L2Config cfg, GuestState guest, DropCounters drops) {
        super(cfg, drops);
        this.guest = guest;
    }

    /**
     * A broadcast request for the guest's address, from the gateway's address, so that the
     * guest answers and we learn its MAC before it sends anything (sent whenever the tap or
     * a qemu connection starts). Returns the frame length, 0 without an IPv4 address.
     */
    public int request(MemorySegment out, long outOff, int outCap) {
        if (!cfg.hasIp4() || outCap < FRAME_LEN || outOff + FRAME_LEN > out.byteSize()) {
            return 0;
        }
        return write(out, outOff, Eth.BROADCAST, OP_REQUEST, cfg.ip4Gateway(), 0, cfg.ip4Addr());
    }

    /** Answers an ARP frame; returns the reply length or 0 (consumed, reason counted). */
    public int answer(ParsedFrame f, MemorySegment out, long outOff, int outCap) {
        MemorySegment in = f.segment();
        long a = f.l3Offset();
        if (f.l4Length() < LEN) {
            return drop(DropReason.BAD_LENGTH);
        }
        if (Be.u16(in, a + HTYPE) != 1 || Be.u16(in, a + PTYPE) != Eth.TYPE_IPV4
                || Be.u8(in, a + HLEN) != 6 || Be.u8(in, a + PLEN) != 4) {
            return drop(DropReason.MALFORMED);
        }
        if (Be.u16(in, a + OP) != OP_REQUEST) {
            return drop(DropReason.NOT_ANSWERED);
        }
        int spa = Be.u32(in, a + SPA);
        int tpa = Be.u32(in, a + TPA);
        if (spa == tpa || tpa == cfg.ip4Addr() || (tpa == guest.ip4() && tpa != 0)) {
            return drop(DropReason.NOT_ANSWERED);
        }
        if (outCap < FRAME_LEN || outOff + FRAME_LEN > out.byteSize()) {
            return drop(DropReason.NO_ROOM);
        }
        return write(out, outOff, f.srcMac(), OP_REPLY, tpa, Eth.mac(in, a + SHA), spa);
    }

    /** An Ethernet/IPv4 ARP frame from our MAC; returns its length. */
    private int write(MemorySegment out, long outOff, long dstMac, int op, int spa, long tha, int tpa) {
        long r = outOff + Eth.HLEN;
        Eth.header(out, outOff, dstMac, cfg.ourMac(), Eth.TYPE_ARP);
        Be.u16(out, r + HTYPE, 1);
        Be.u16(out, r + PTYPE, Eth.TYPE_IPV4);
        Be.u8(out, r + HLEN, 6);
        Be.u8(out, r + PLEN, 4);
        Be.u16(out, r + OP, op);
        Eth.mac(out, r + SHA, cfg.ourMac());
        Be.u32(out, r + SPA, spa);
        Eth.mac(out, r + THA, tha);
        Be.u32(out, r + TPA, tpa);
        return FRAME_LEN;
    }
}

package io.jpasst.engine.proto.l2;

import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.packet.ip.Udp;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import java.lang.foreign.MemorySegment;

/**
 * Minimal stateless-lease DHCPv6 server (RFC 8415) handing the guest its one configured
 * address. SOLICIT gets ADVERTISE (REPLY with Rapid Commit when asked), REQUEST, RENEW and
 * REBIND a REPLY with the address, CONFIRM a REPLY with Success or NotOnLink, INFORMATION-
 * REQUEST a REPLY with DNS data only, RELEASE and DECLINE a REPLY with Success. Only messages
 * sent to a multicast group (ff02::1:2) are ours: unicast port 547 traffic goes to the L4 side.
 * Our DUID is DUID-LL (type 3) from our MAC, so it is the same across restarts.
 */
public final class Dhcpv6 extends Responder {
    public static final int SERVER_PORT = 547;
    public static final int CLIENT_PORT = 546;

    public static final int SOLICIT = 1;
    public static final int ADVERTISE = 2;
    public static final int REQUEST = 3;
    public static final int CONFIRM = 4;
    public static final int RENEW = 5;
    public static final int REBIND = 6;
    public static final int REPLY = 7;
    public static final int RELEASE = 8;
    public static final int DECLINE = 9;
    public static final int INFORMATION_REQUEST = 11;

    public static final int OPT_CLIENT_ID = 1;
    public static final int OPT_SERVER_ID = 2;
    public static final int OPT_IA_NA = 3;
    public static final int OPT_IA_TA = 4;
    public static final int OPT_IAADDR = 5;
    public static final int OPT_ORO = 6;
    public static final int OPT_PREFERENCE = 7;
    public static final int OPT_STATUS_CODE = 13;
    public static final int OPT_RAPID_COMMIT = 14;
    public static final int OPT_DNS_SERVERS = 23;
    public static final int OPT_DOMAIN_LIST = 24;
    public static final int OPT_FQDN = 39;

    public static final int STATUS_SUCCESS = 0;
    public static final int STATUS_NOT_ON_LINK = 4;

    static final int DUID_LL = 3;
    static final int HW_ETHERNET = 1;
    static final int DUID_LEN = 10;
    static final int MAX_DUID_LEN = 130;
    static final int IA_NA_FIXED = 12;
    /** RFC 4704: N flag, the server does no DNS updates. */
    static final int FQDN_FLAGS = 0x04;
    static final int INFINITE = 0xffff_ffff;

    private final OptionWriter w = new OptionWriter();

    // The request being answered.
    private MemorySegment in;
    private long clientIdOff;
    private int clientIdLen;
    private long serverIdOff;
    private int serverIdLen;
    private long iaNaOff;
    private int iaNaLen;
    private boolean hasIaTa;
    private boolean rapidCommit;
    private boolean wantsFqdn;

    public Dhcpv6(L2Config cfg, DropCounters drops) {
        super(cfg, drops);
    }

    /**
     * Answers a UDP/IPv6 frame addressed to port 547. Returns the reply length written at
     * {@code out[outOff..]}, 0 when nothing is sent (reason counted), or -1 when the datagram
     * is unicast and belongs to the L4 handlers.
     */
    public int answer(ParsedFrame f, MemorySegment out, long outOff, int outCap) {
        in = f.segment();
        long ip = f.l3Offset();
        if (!Ipv6.isMulticast(Ipv6.hi(in, ip + Ipv6.DST))) {
            return -1;
        }
        if (cfg.noDhcpv6()) {
            return drop(DropReason.DISABLED);
        }
        DropReason bad = f.udpProblem(4);
        if (bad != null) {
            return drop(bad);
        }
        long u = f.l4Offset();
        int udpLen = f.l4Length();
        long m = u + Udp.HLEN;
        if (!parseOptions(m + 4, u + udpLen)) {
            return drop(DropReason.MALFORMED);
        }
        int type = Be.u8(in, m);
        boolean ourServerId = serverIdLen == DUID_LEN && Be.u16(in, serverIdOff) == DUID_LL
                && Be.u16(in, serverIdOff + 2) == HW_ETHERNET && Eth.mac(in, serverIdOff + 4) == cfg.ourMac();
        boolean anyServerId = serverIdLen >= 0;
        if (clientIdLen < 0 && type != INFORMATION_REQUEST) {
            return drop(DropReason.MALFORMED);
        }
        int replyType = REPLY;
        switch (type) {
            case SOLICIT -> {
                if (anyServerId) {
                    return drop(DropReason.MALFORMED);
                }
                replyType = rapidCommit ? REPLY : ADVERTISE;
            }
            case REQUEST, RENEW, RELEASE, DECLINE -> {
                if (!ourServerId) {
                    return drop(DropReason.NOT_ANSWERED); // addressed to another server
                }
            }
            case REBIND, CONFIRM -> {
                if (anyServerId) {
                    return drop(DropReason.MALFORMED);
                }
            }
            case INFORMATION_REQUEST -> {
                if (anyServerId && !ourServerId) {
                    return drop(DropReason.NOT_ANSWERED);
                }
                if (iaNaLen >= 0 || hasIaTa) {
                    return drop(DropReason.MALFORMED);
                }
            }
            default -> {
                return drop(DropReason.UNKNOWN_PROTOCOL);
            }
        }
        if (!w.startAfter(out, outOff, outCap, Frames.UDP6_PAYLOAD)) {
            return drop(DropReason.NO_ROOM);
        }
        w.u8(replyType);
        w.bytes(in, m + 1, 3); // transaction id
        writeReplyOptions(type, replyType);
        if (w.overflowed()) {
            return drop(DropReason.NO_ROOM);
        }
        return Frames.udp6(out, outOff, f.srcMac(), cfg.ourMac(), cfg.ip6OurLlHi(), cfg.ip6OurLlLo(),
                Ipv6.hi(in, ip + Ipv6.SRC), Ipv6.lo(in, ip + Ipv6.SRC), SERVER_PORT, CLIENT_PORT,
                w.written());
    }

    private boolean parseOptions(long p, long end) {
        clientIdLen = -1;
        serverIdLen = -1;
        iaNaLen = -1;
        hasIaTa = false;
        rapidCommit = false;
        wantsFqdn = false;
        while (p < end) {
            if (end - p < 4) {
                return false;
            }
            int code = Be.u16(in, p);
            int len = Be.u16(in, p + 2);
            long v = p + 4;
            if (len > end - v) {
                return false;
            }
            switch (code) {
                case OPT_CLIENT_ID -> {
                    if (len < 2 || len > MAX_DUID_LEN) {
                        return false;
                    }
                    clientIdOff = v;
                    clientIdLen = len;
                }
                case OPT_SERVER_ID -> {
                    serverIdOff = v;
                    serverIdLen = len;
                }
                case OPT_IA_NA -> {
                    if (len < IA_NA_FIXED) {
                        return false;
                    }
                    iaNaOff = v;
                    iaNaLen = len;
                }
                case OPT_IA_TA -> hasIaTa = true;
                case OPT_RAPID_COMMIT -> rapidCommit = true;
                case OPT_FQDN -> wantsFqdn = true;
                case OPT_ORO -> {
                    for (int i = 0; i + 1 < len; i += 2) {
                        wantsFqdn |= Be.u16(in, v + i) == OPT_FQDN;
                    }
                }
                default -> { }
            }
            p = v + len;
        }
        return true;
    }

    private void writeReplyOptions(int type, int replyType) {
        if (clientIdLen >= 0) {
            long o = w.open16(OPT_CLIENT_ID);
            w.bytes(in, clientIdOff, clientIdLen);
            w.close16(o);
        }
        long o = w.open16(OPT_SERVER_ID);
        w.u16(DUID_LL);
        w.u16(HW_ETHERNET);
        w.mac(cfg.ourMac());
        w.close16(o);
        switch (type) {
            case SOLICIT, REQUEST, RENEW, REBIND -> {
                identityAssociation();
                if (replyType == ADVERTISE) {
                    o = w.open16(OPT_PREFERENCE);
                    w.u8(255); // we are the only server: clients may stop collecting offers
                    w.close16(o);
                } else if (type == SOLICIT) {
                    w.close16(w.open16(OPT_RAPID_COMMIT));
                }
            }
            case CONFIRM -> status(onLink() ? STATUS_SUCCESS : STATUS_NOT_ON_LINK);
            case RELEASE, DECLINE -> status(STATUS_SUCCESS);
            default -> { }
        }
        if (type == RELEASE || type == DECLINE) {
            return;
        }
        if (cfg.dhcpDns() && cfg.ip6DnsCount() > 0) {
            o = w.open16(OPT_DNS_SERVERS);
            for (int i = 0; i < cfg.ip6DnsCount(); i++) {
                w.ipv6(cfg.ip6DnsHi(i), cfg.ip6DnsLo(i));
            }
            w.close16(o);
        }
        int searchLen = (int) cfg.searchPlain().byteSize();
        if (cfg.dhcpSearch() && searchLen > 0) {
            o = w.open16(OPT_DOMAIN_LIST);
            w.bytes(cfg.searchPlain(), 0, searchLen);
            w.close16(o);
        }
        int fqdnLen = (int) cfg.fqdnWire().byteSize();
        if (wantsFqdn && fqdnLen > 0) {
            o = w.open16(OPT_FQDN);
            w.u8(FQDN_FLAGS);
            w.bytes(cfg.fqdnWire(), 0, fqdnLen);
            w.close16(o);
        }
    }

    /** IA_NA echoing the client's IAID, holding our one address with infinite lifetimes. */
    private void identityAssociation() {
        if (iaNaLen < 0 || !cfg.hasIp6()) {
            return;
        }
        long o = w.open16(OPT_IA_NA);
        w.bytes(in, iaNaOff, 4); // IAID
        w.u32(INFINITE); // T1
        w.u32(INFINITE); // T2
        long a = w.open16(OPT_IAADDR);
        w.ipv6(cfg.ip6AddrHi(), cfg.ip6AddrLo());
        w.u32(INFINITE); // preferred lifetime
        w.u32(INFINITE); // valid lifetime
        w.close16(a);
        w.close16(o);
    }

    /** CONFIRM: every address in the client's IA_NA must be the guest's configured one. */
    private boolean onLink() {
        if (iaNaLen < 0) {
            return true;
        }
        long p = iaNaOff + IA_NA_FIXED;
        long end = iaNaOff + iaNaLen;
        while (end - p >= 4) {
            int code = Be.u16(in, p);
            int len = Be.u16(in, p + 2);
            long v = p + 4;
            if (len > end - v) {
                return false;
            }
            if (code == OPT_IAADDR && (len < 16
                    || Ipv6.hi(in, v) != cfg.ip6AddrHi() || Ipv6.lo(in, v) != cfg.ip6AddrLo())) {
                return false;
            }
            p = v + len;
        }
        return true;
    }

    private void status(int code) {
        long o = w.open16(OPT_STATUS_CODE);
        w.u16(code);
        w.close16(o);
    }
}

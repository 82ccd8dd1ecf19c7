package io.jpasst.engine.proto.l2;

import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.packet.ip.Udp;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import java.lang.foreign.MemorySegment;

/**
 * Minimal DHCP server (RFC 2131/2132) for a single guest with one fixed address: DISCOVER gets
 * an OFFER (an ACK with Rapid Commit, RFC 4039, when asked), REQUEST an ACK, or a NAK when it
 * asks for an address that isn't the guest's, INFORM an ACK without lease; RELEASE and DECLINE
 * are consumed silently. Options follow the client's parameter request list order, after 53
 * and 54 which some small clients expect first. The lease is infinite: the address never
 * changes while we run.
 */
public final class Dhcp extends Responder {
    // BOOTP message layout (RFC 2131, figure 1)
    public static final int OP = 0;
    public static final int HTYPE = 1;
    public static final int HLEN = 2;
    public static final int XID = 4;
    public static final int SECS = 8;
    public static final int FLAGS = 10;
    public static final int CIADDR = 12;
    public static final int YIADDR = 16;
    public static final int SIADDR = 20;
    public static final int GIADDR = 24;
    public static final int CHADDR = 28;
    public static final int MAGIC = 236;
    public static final int OPTIONS = 240;
    public static final int MAGIC_COOKIE = 0x6382_5363;
    public static final int FLAG_BROADCAST = 0x8000;

    public static final int SERVER_PORT = 67;
    public static final int CLIENT_PORT = 68;

    public static final int DISCOVER = 1;
    public static final int OFFER = 2;
    public static final int REQUEST = 3;
    public static final int DECLINE = 4;
    public static final int ACK = 5;
    public static final int NAK = 6;
    public static final int RELEASE = 7;
    public static final int INFORM = 8;

    public static final int OPT_PAD = 0;
    public static final int OPT_NETMASK = 1;
    public static final int OPT_ROUTER = 3;
    public static final int OPT_DNS = 6;
    public static final int OPT_HOSTNAME = 12;
    public static final int OPT_DOMAIN = 15;
    public static final int OPT_MTU = 26;
    public static final int OPT_REQUESTED_IP = 50;
    public static final int OPT_LEASE = 51;
    public static final int OPT_MSG_TYPE = 53;
    public static final int OPT_SERVER_ID = 54;
    public static final int OPT_PARAM_LIST = 55;
    public static final int OPT_RAPID_COMMIT = 80;
    public static final int OPT_FQDN = 81;
    public static final int OPT_SEARCH = 119;
    public static final int OPT_CLASSLESS_ROUTE = 121;
    public static final int OPT_END = 255;

    /** Options we can send, in the order used after the client's request list. */
    private static final int[] SENDABLE = {
        OPT_NETMASK, OPT_ROUTER, OPT_DNS, OPT_HOSTNAME, OPT_DOMAIN, OPT_MTU, OPT_LEASE,
        OPT_RAPID_COMMIT, OPT_FQDN, OPT_SEARCH, OPT_CLASSLESS_ROUTE,
    };
    /** BOOTP replies carry at least 64 bytes of vendor area (RFC 951); some clients insist. */
    private static final int MIN_MESSAGE = OPTIONS + 60;
    /** RFC 4702: flags E (canonical wire format) and N (server does no DNS updates). */
    private static final int FQDN_FLAGS = 0x0c;
    private static final int FQDN_RCODE = 255;

    private final OptionWriter w = new OptionWriter();
    private final long[] sent = new long[4];

    // The request being answered, reset for each one.
    private MemorySegment in;
    private int msgType;
    private int requestedIp;
    private boolean hasRequestedIp;
    private int serverId;
    private boolean hasServerId;
    private long prlOff;
    private int prlLen;
    private boolean rapidCommit;
    private boolean clientFqdn;
    private int replyType;

    public Dhcp(L2Config cfg, DropCounters drops) {
        super(cfg, drops);
    }

    /**
     * Answers a UDP/IPv4 frame addressed to port 67. Returns the reply frame length written at
     * {@code out[outOff..]}, or 0 when nothing is sent (reason counted).
     */
    public int answer(ParsedFrame f, MemorySegment out, long outOff, int outCap) {
        if (cfg.noDhcp() || !cfg.hasIp4()) {
            return drop(DropReason.DISABLED);
        }
        in = f.segment();
        DropReason bad = f.udpProblem(OPTIONS);
        if (bad != null) {
            return drop(bad);
        }
        long u = f.l4Offset();
        int udpLen = f.l4Length();
        long m = u + Udp.HLEN;
        if (Be.u8(in, m + OP) != 1 || Be.u32(in, m + MAGIC) != MAGIC_COOKIE) {
            return drop(DropReason.MALFORMED);
        }
        if (!parseOptions(m + OPTIONS, u + udpLen)) {
            return drop(DropReason.MALFORMED);
        }
        int ciaddr = Be.u32(in, m + CIADDR);
        switch (msgType) {
            case DISCOVER -> replyType = rapidCommit ? ACK : OFFER;
            case REQUEST, -1 -> { // -1: plain BOOTP request, answered like a REQUEST
                if (hasServerId && serverId != cfg.ip4Gateway()) {
                    return drop(DropReason.NOT_ANSWERED); // the client picked another server
                }
                int asked = hasRequestedIp ? requestedIp : ciaddr;
                replyType = asked == 0 || asked == cfg.ip4Addr() ? ACK : NAK;
                rapidCommit = false;
            }
            case INFORM -> {
                replyType = ACK;
                rapidCommit = false;
            }
            case RELEASE, DECLINE -> {
                return drop(DropReason.NOT_ANSWERED);
            }
            default -> {
                return drop(DropReason.UNKNOWN_PROTOCOL);
            }
        }
        if (!w.startAfter(out, outOff, outCap, Frames.UDP4_PAYLOAD)) {
            return drop(DropReason.NO_ROOM);
        }
        writeFixedPart(m, ciaddr);
        writeOptions();
        if (w.overflowed()) {
            return drop(DropReason.NO_ROOM);
        }
        return Frames.udp4(out, outOff, destinationMac(f, m, ciaddr), cfg.ourMac(), cfg.ip4Gateway(),
                destinationIp(m, ciaddr), SERVER_PORT, CLIENT_PORT, w.written());
    }

    private boolean parseOptions(long p, long end) {
        msgType = -1;
        hasRequestedIp = false;
        hasServerId = false;
        prlLen = 0;
        rapidCommit = false;
        clientFqdn = false;
        while (p < end) {
            int code = Be.u8(in, p);
            if (code == OPT_PAD) {
                p++;
                continue;
            }
            if (code == OPT_END) {
                return true;
            }
            if (end - p < 2 || end - p - 2 < Be.u8(in, p + 1)) {
                return false;
            }
            int len = Be.u8(in, p + 1);
            long v = p + 2;
            switch (code) {
                case OPT_MSG_TYPE -> msgType = len == 1 ? Be.u8(in, v) : 0;
                case OPT_REQUESTED_IP -> {
                    hasRequestedIp = len == 4;
                    requestedIp = len == 4 ? Be.u32(in, v) : 0;
                }
                case OPT_SERVER_ID -> {
                    hasServerId = len == 4;
                    serverId = len == 4 ? Be.u32(in, v) : 0;
                }
                case OPT_PARAM_LIST -> {
                    prlOff = v;
                    prlLen = len;
                }
                case OPT_RAPID_COMMIT -> rapidCommit = true;
                case OPT_FQDN -> clientFqdn = true;
                default -> { }
            }
            p = v + len;
        }
        return true; // some clients omit the end option; what arrived is complete
    }

    private void writeFixedPart(long m, int ciaddr) {
        w.u8(2); // BOOTREPLY
        w.u8(1);
        w.u8(6);
        w.u8(0);
        w.bytes(in, m + XID, 4);
        w.u16(0); // secs
        w.bytes(in, m + FLAGS, 2);
        w.u32(msgType == INFORM || replyType == ACK && ciaddr != 0 ? ciaddr : 0);
        w.u32(replyType == NAK || msgType == INFORM ? 0 : cfg.ip4Addr());
        w.u32(0); // siaddr: no boot server
        w.bytes(in, m + GIADDR, 4);
        w.bytes(in, m + CHADDR, 16);
        w.zeros(64 + 128); // sname, file
        w.u32(MAGIC_COOKIE);
    }

    private void writeOptions() {
        sent[0] = sent[1] = sent[2] = sent[3] = 0;
        long start = w.position();
        option(OPT_MSG_TYPE);
        option(OPT_SERVER_ID);
        if (replyType != NAK) {
            for (int i = 0; i < prlLen; i++) {
                option(Be.u8(in, prlOff + i));
            }
            for (int code : SENDABLE) {
                option(code);
            }
        }
        w.u8(OPT_END);
        long minEnd = start - OPTIONS + MIN_MESSAGE;
        if (w.position() < minEnd) {
            w.zeros((int) (minEnd - w.position()));
        }
    }

    /** Writes option {@code code} once, if we have a value for it in this reply. */
    private void option(int code) {
        long bit = 1L << (code & 63);
        if ((sent[code >>> 6] & bit) != 0) {
            return;
        }
        sent[code >>> 6] |= bit;
        switch (code) {
            case OPT_MSG_TYPE -> u8Option(code, replyType);
            case OPT_SERVER_ID -> u32Option(code, cfg.ip4Gateway());
            case OPT_NETMASK -> u32Option(code, cfg.ip4Netmask());
            case OPT_ROUTER -> u32Option(code, cfg.ip4Gateway());
            case OPT_DNS -> {
                if (cfg.dhcpDns() && cfg.ip4DnsCount() > 0) {
                    long o = w.open8(code);
                    for (int i = 0; i < cfg.ip4DnsCount(); i++) {
                        w.u32(cfg.ip4Dns(i));
                    }
                    w.close8(o);
                }
            }
            case OPT_HOSTNAME -> segmentOption(code, cfg.hostname());
            case OPT_DOMAIN -> {
                if (cfg.dhcpSearch()) {
                    segmentOption(code, cfg.firstSearchDomain());
                }
            }
            case OPT_SEARCH -> {
                if (cfg.dhcpSearch()) {
                    segmentOption(code, cfg.searchCompressed());
                }
            }
            case OPT_MTU -> {
                if (cfg.mtu() != 0) {
                    long o = w.open8(code);
                    w.u16(cfg.mtu());
                    w.close8(o);
                }
            }
            case OPT_LEASE -> {
                if (msgType != INFORM) {
                    u32Option(code, 0xffff_ffff);
                }
            }
            case OPT_RAPID_COMMIT -> {
                if (rapidCommit) {
                    w.close8(w.open8(code));
                }
            }
            case OPT_FQDN -> {
                if (clientFqdn && cfg.fqdnWire().byteSize() > 0) {
                    long o = w.open8(code);
                    w.u8(FQDN_FLAGS);
                    w.u8(FQDN_RCODE);
                    w.u8(FQDN_RCODE);
                    w.bytes(cfg.fqdnWire(), 0, (int) cfg.fqdnWire().byteSize());
                    w.close8(o);
                }
            }
            case OPT_CLASSLESS_ROUTE -> classlessRoutes();
            default -> { }
        }
    }

    /**
     * A gateway outside the guest's subnet is unreachable with option 3 alone: RFC 3442 routes
     * give a host route to it and then the default route through it.
     */
    private void classlessRoutes() {
        int mask = cfg.ip4Netmask();
        if ((cfg.ip4Gateway() & mask) == (cfg.ip4Addr() & mask)) {
            return;
        }
        long o = w.open8(OPT_CLASSLESS_ROUTE);
        w.u8(32);
        w.u32(cfg.ip4Gateway());
        w.u32(0);
        w.u8(0);
        w.u32(cfg.ip4Gateway());
        w.close8(o);
    }

    private void u8Option(int code, int v) {
        long o = w.open8(code);
        w.u8(v);
        w.close8(o);
    }

    private void u32Option(int code, int v) {
        long o = w.open8(code);
        w.u32(v);
        w.close8(o);
    }

    private void segmentOption(int code, MemorySegment value) {
        int len = (int) value.byteSize();
        if (len > 0) {
            long o = w.open8(code);
            w.bytes(value, 0, len);
            w.close8(o);
        }
    }

    /**
     * RFC 2131 4.1: NAKs and replies to clients without an address that set the broadcast flag
     * are broadcast; a client that has an address (ciaddr) gets unicast there; otherwise unicast
     * to the offered address.
     */
    private int destinationIp(long m, int ciaddr) {
        if (replyType == NAK) {
            return Ipv4.BROADCAST;
        }
        if (ciaddr != 0) {
            return ciaddr;
        }
        return (Be.u16(in, m + FLAGS) & FLAG_BROADCAST) != 0 ? Ipv4.BROADCAST : cfg.ip4Addr();
    }

    private long destinationMac(ParsedFrame f, long m, int ciaddr) {
        return destinationIp(m, ciaddr) == Ipv4.BROADCAST ? Eth.BROADCAST : f.srcMac();
    }
}

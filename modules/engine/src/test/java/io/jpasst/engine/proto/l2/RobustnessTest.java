package io.jpasst.engine.proto.l2;

import static io.jpasst.engine.proto.l2.TestFrames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.packet.ip.Checksum;
import io.jpasst.engine.packet.ip.Eth;
import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.function.ToIntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input for every responder: 100k mutated and truncated variants of a valid request
 * each, half of them with checksums repaired so the mutation reaches the option parsers.
 * Nothing may throw, and no reply may be longer than, or written outside, the output window.
 */
class RobustnessTest {
    static final int ROUNDS = 100_000;
    static final int OUT_OFF = 16;
    static final byte SENTINEL = 0x5a;

    @ParameterizedTest
    @ValueSource(strings = {"arp", "dhcp", "ndp-rs", "ndp-ns", "dhcpv6"})
    void randomAndTruncatedFramesNeverBreakTheResponder(String kind) {
        MemorySegment base = buffer();
        int baseLen = baseFrame(kind).applyAsInt(base);
        DropCounters drops = new DropCounters();
        L2Services services = new L2Services(config().fqdn("a.very.long.name.example.com").build(), new GuestState(), drops);
        MemorySegment in = buffer();
        MemorySegment out = MemorySegment.ofArray(new byte[2048]);
        MemorySegment sentinel = MemorySegment.ofArray(new byte[2048]).fill(SENTINEL);
        ParsedFrame check = new ParsedFrame();
        Random r = new Random(kind.hashCode());
        int replies = 0;
        for (int i = 0; i < ROUNDS; i++) {
            MemorySegment.copy(base, 0, in, 0, 1600);
            int len = baseLen;
            for (int flips = 1 + r.nextInt(6); flips > 0; flips--) {
                int at = r.nextInt(10) < 7 ? 14 + r.nextInt(Math.max(1, baseLen - 14)) : r.nextInt(baseLen + 40);
                Be.u8(in, at, r.nextInt(4) == 0 ? 0xff : r.nextInt(256));
            }
            if (r.nextBoolean()) {
                len = r.nextInt(baseLen + 40);
            }
            if (r.nextBoolean()) {
                repairChecksums(in, len);
            }
            int outCap = r.nextInt(4) == 0 ? r.nextInt(600) : 1500;
            out.fill(SENTINEL);
            int n = services.offer(in, 0, len, out, OUT_OFF, outCap);
            assertTrue(n >= -1 && n <= outCap, "reply length " + n + " cap " + outCap);
            // the window may hold scratch even when nothing is sent; outside it nothing changes
            long end = OUT_OFF + outCap;
            assertEquals(-1, MemorySegment.mismatch(out, 0, OUT_OFF, sentinel, 0, OUT_OFF), "write before window");
            assertEquals(-1, MemorySegment.mismatch(out, end, out.byteSize(), sentinel, end, out.byteSize()),
                    "write after window");
            if (n > 0) {
                replies++;
                assertTrue(check.parse(out, OUT_OFF, n), "reply parses: " + check.reason());
                if (check.proto() >= 0) {
                    assertTrue(check.l4ChecksumOk(), "reply checksum");
                }
            }
        }
        assertTrue(replies > 100, "mutations still reach the reply path: " + replies);
        assertTrue(drops.total() > 0);
        assertTrue(drops.get(DropReason.NO_ROOM) + drops.get(DropReason.BAD_LENGTH) > 0);
    }

    static ToIntFunction<MemorySegment> baseFrame(String kind) {
        return switch (kind) {
            case "arp" -> s -> {
                Eth.header(s, 0, Eth.BROADCAST, GUEST_MAC, Eth.TYPE_ARP);
                MemorySegment.copy(MemorySegment.ofArray(hex("00010800060400015254001234560a00020f0000000000000a000202")),
                        0, s, 14, 28);
                return 42;
            };
            case "dhcp" -> s -> dhcp(s, Dhcp.REQUEST, 0, 0,
                    hex("3204 0a00020f 3604 0a000202 3707 01030c0f1a7751 5103 000000 3d07 01525400123456 5000"));
            case "ndp-rs" -> s -> icmp6(s, GUEST6_LL, Ipv6.parse("ff02::2"), hex("85000000 00000000 0101525400123456"));
            case "ndp-ns" -> s -> icmp6(s, GUEST6_LL, Ipv6.parse("ff02::1:ff00:2"),
                    hex("87000000 00000000 20010db8000000000000000000000002 0101525400123456"));
            case "dhcpv6" -> s -> dhcpv6(s, Dhcpv6.SOLICIT, hex("0001000a00030001525400123456"
                    + "0003000c0badcafe0000000000000000" + "00060006001700180027" + "000e0000" + "00270001" + "00"));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Recomputes IP and L4 checksums where the (possibly mutated) lengths allow it. */
    static void repairChecksums(MemorySegment s, int len) {
        if (len < 14) {
            return;
        }
        int type = Be.u16(s, Eth.TYPE);
        if (type == Eth.TYPE_IPV4 && len >= 34) {
            int ihl = (Be.u8(s, 14) & 0xf) * 4;
            if (ihl < 20 || 14 + ihl > len) {
                return;
            }
            Be.u16(s, 14 + Ipv4.CHECKSUM, 0);
            Be.u16(s, 14 + Ipv4.CHECKSUM, Checksum.finish(Checksum.sum(s, 14, ihl, 0)));
            int total = Be.u16(s, 14 + Ipv4.TOTAL_LEN);
            int l4Len = total - ihl;
            if (Be.u8(s, 14 + Ipv4.PROTO) == 17 && l4Len >= 8 && 14 + total <= len) {
                Be.u16(s, 14 + ihl + 6, 0);
                Be.u16(s, 14 + ihl + 6, Checksum.finishUdp(Checksum.sum(s, 14 + ihl, l4Len,
                        Checksum.pseudoIpv4(Be.u32(s, 26), Be.u32(s, 30), 17, l4Len))));
            }
        } else if (type == Eth.TYPE_IPV6 && len >= 54) {
            int plen = Be.u16(s, 18);
            int nh = Be.u8(s, 20);
            int field = nh == 17 ? 6 : nh == 58 ? 2 : -1;
            if (field < 0 || plen < field + 2 || 54 + plen > len) {
                return;
            }
            Be.u16(s, 54 + field, 0);
            Be.u16(s, 54 + field, Checksum.finish(Checksum.sum(s, 54, plen, Checksum.pseudoIpv6(
                    Ipv6.hi(s, 22), Ipv6.lo(s, 22), Ipv6.hi(s, 38), Ipv6.lo(s, 38), nh, plen))));
        }
    }
}

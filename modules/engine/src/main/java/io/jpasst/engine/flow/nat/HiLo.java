package io.jpasst.engine.flow.nat;

import io.jpasst.engine.packet.Be;
import io.jpasst.engine.packet.ip.Ipv6;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The data path's form of an IP address: two longs, {@code hi} and {@code lo}, in network bit
 * order; an IPv6 address fills both, an IPv4 one is {@code hi = 0} and {@code lo} its 32 bits
 * unsigned. All-zero means "none" (the unspecified address). The one place an
 * {@link InetAddress} of the configuration becomes that form.
 */
public final class HiLo {
    /** 127.0.0.1, the one IPv4 loopback address the mapping rules mean (::1 is {@code hi 0, lo 1}). */
    public static final int LOOPBACK4 = 0x7f00_0001;
    /** The high word of lo of an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
    public static final long MAPPED4 = 0xffffL << 32;

    private HiLo() {}

    /** High 64 bits of an IPv6 address; 0 for IPv4 or null. */
    public static long hi(InetAddress a) {
        return a instanceof Inet6Address ? Ipv6.hi(MemorySegment.ofArray(a.getAddress()), 0) : 0;
    }

    /** Low 64 bits of an IPv6 address, or an IPv4 one as an unsigned int; 0 for null. */
    public static long lo(InetAddress a) {
        if (a == null) {
            return 0;
        }
        MemorySegment raw = MemorySegment.ofArray(a.getAddress());
        return a instanceof Inet6Address ? Ipv6.lo(raw, 0) : Be.u32l(raw, 0);
    }

    /** An IPv4 address as a host-order int; 0 for null. */
    public static int v4(Inet4Address a) {
        return (int) lo(a);
    }

    /** Neither word set: no address. */
    public static boolean none(long hi, long lo) {
        return hi == 0 && lo == 0;
    }

    /** Exactly 127.0.0.1 or ::1: the host's loopback as the mapping rules mean it. */
    public static boolean loopback(boolean six, long hi, long lo) {
        return hi == 0 && lo == (six ? 1 : LOOPBACK4);
    }

    /** Anywhere on 127.0.0.0/8, or ::1: a peer on the host's own loopback interface. */
    public static boolean loopbackNet(boolean six, long hi, long lo) {
        return six ? hi == 0 && lo == 1 : hi == 0 && lo >>> 24 == 127;
    }

    /** An IPv6 {hi, lo} that is an IPv4-mapped address (::ffff:a.b.c.d). */
    public static boolean mapped4(long hi, long lo) {
        return hi == 0 && (lo & 0xffff_ffff_0000_0000L) == MAPPED4;
    }
}

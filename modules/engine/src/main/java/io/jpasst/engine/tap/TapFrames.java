package io.jpasst.engine.tap;

import io.jpasst.engine.packet.ip.Ipv4;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.ip.ParsedFrame;
import io.jpasst.engine.proto.l2.L2Services;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import io.jpasst.engine.packet.PacketBuffer;
import io.jpasst.engine.packet.PacketPool;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The guest-to-host frame path: reads every ready frame into the pool, offers each to the
 * built-in services (ARP, DHCP, NDP, DHCPv6), and hands the rest to the L4 handlers.
 * Frames that fit nowhere are dropped and counted; nothing here throws on bad input.
 */
public final class TapFrames {
    private static final long BUFFER_SIZE = 8L << 20;
    private static final int POOL_SIZE = 1024;
    private static final int OUT_CAP = 65536;

    private final TapBackend tap;
    private final L2Services services;
    private final L4Handler icmp;
    private final L4Handler tcp;
    private final L4Handler udp;
    private final DropCounters drops;
    private final PacketPool pool;
    private final MemorySegment out = Arena.ofAuto().allocate(OUT_CAP, 8);
    private long frames;

    /** Handlers may be null: that protocol is switched off and its frames are dropped. */
    public TapFrames(TapBackend tap, L2Services services, L4Handler icmp, L4Handler tcp, L4Handler udp,
                     DropCounters drops) {
        this.tap = tap;
        this.services = services;
        this.icmp = icmp;
        this.tcp = tcp;
        this.udp = udp;
        this.drops = drops;
        this.pool = new PacketPool(new PacketBuffer(BUFFER_SIZE).segment(), POOL_SIZE);
    }

    public long frames() {
        return frames;
    }

    /**
     * Asks the guest for its MAC (ARP request, Neighbour Solicitation) when the tap or a
     * qemu connection starts: a restarted passt or pasta then knows where to send at once,
     * without waiting for the guest to speak first.
     */
    public void queryGuestMac() {
        for (int which = 0; which < 2; which++) {
            int len = services.guestMacQuery(which, out, 0, OUT_CAP);
            if (len > 0) {
                tap.send(out, 0, len);
            }
        }
    }

    /**
     * Handles everything the guest has sent so far.
     *
     * @return 0, or -errno when the guest side is gone
     */
    public int readable(long now) {
        while (true) {
            long used = tap.receive(pool, 0);
            if (used < 0) {
                pool.flush();
                return (int) used;
            }
            boolean more = pool.full();
            int n = pool.count();
            for (int i = 0; i < n; i++) {
                int len = pool.length(i);
                frame(pool.get(i, 0, len), len, now);
            }
            endOfBatch(now);
            pool.flush();
            if (!more) {
                return 0;
            }
        }
    }

    /** Lets the handlers send what they queued from this batch before its buffer is reused. */
    private void endOfBatch(long now) {
        if (icmp != null) {
            icmp.endOfBatch(now);
        }
        if (tcp != null) {
            tcp.endOfBatch(now);
        }
        if (udp != null) {
            udp.endOfBatch(now);
        }
    }

    private void frame(long off, int len, long now) {
        frames++;
        MemorySegment seg = pool.buffer();
        int reply = services.offer(seg, off, len, out, 0, OUT_CAP);
        if (reply > 0) {
            tap.send(out, 0, reply);
            return;
        }
        if (reply == 0) {
            return;
        }
        // Not a service's frame: its headers were validated by offer() already.
        ParsedFrame parsed = services.frame();
        if (parsed.isFragment()) {
            drops.count(DropReason.FRAGMENT);
            return;
        }
        boolean v4 = parsed.isIpv4();
        L4Handler handler = switch (parsed.proto()) {
            case Ipv4.PROTO_TCP -> tcp;
            case Ipv4.PROTO_UDP -> udp;
            case Ipv4.PROTO_ICMP -> v4 ? icmp : null;
            case Ipv6.NH_ICMPV6 -> v4 ? null : icmp;
            default -> null;
        };
        if (handler != null) {
            handler.fromGuest(parsed, now);
        } else {
            drops.count(known(parsed.proto()) ? DropReason.DISABLED : DropReason.UNKNOWN_PROTOCOL);
        }
    }

    private static boolean known(int proto) {
        return proto == Ipv4.PROTO_TCP || proto == Ipv4.PROTO_UDP || proto == Ipv4.PROTO_ICMP
                || proto == Ipv6.NH_ICMPV6;
    }
}

package io.jpasst.engine.flow.fwd;

import io.jpasst.engine.flow.SocketAddresses;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.engine.socket.splice.SpliceConnections;
import java.lang.foreign.MemorySegment;

/**
 * Where pasta's loopback bypass delivers what a host loopback peer sends to a forwarded port:
 * over the namespace's {@code lo}, to the address the guest was seen using (else the one it
 * was given), so that services bound only to the namespace's loopback, a container's private
 * ones, are not exposed by {@code -t}/{@code -u}. With {@code --host-lo-to-ns-lo} it is the
 * namespace's 127.0.0.1 / ::1 instead. The kernel picks the source address either way.
 */
public final class NamespaceTarget implements SpliceConnections.Target {

    private final boolean loopback;
    private final HostNat nat;
    private final GuestState guest;
    private final long[] six = new long[2];

    public NamespaceTarget(boolean hostLoToNsLo, HostNat nat, GuestState guest) {
        this.loopback = hostLoToNsLo;
        this.nat = nat;
        this.guest = guest;
    }

    /**
     * Writes the target {@code :port} of this family at {@code sa[off]}: its length, or 0 when
     * the guest has no address of this family to deliver to.
     */
    @Override
    public int write(MemorySegment sa, long off, boolean ipv6, int port) {
        if (loopback) {
            return SocketAddresses.writeLoopback(sa, off, ipv6, port);
        }
        if (!ipv6) {
            int a = nat.destination4(guest);
            return a == 0 ? 0 : SocketAddresses.write(sa, off, false, 0, a & 0xffff_ffffL, port);
        }
        six[0] = 0;
        six[1] = 0;
        nat.destination6(0, guest, six); // a global source: the guest's global address
        return Ipv6.isUnspecified(six[0], six[1]) ? 0 : SocketAddresses.write(sa, off, true, six[0], six[1], port);
    }
}

package io.jpasst.engine.flow.fwd;

import io.jpasst.engine.flow.SocketAddresses;
import io.jpasst.engine.flow.nat.AddressMap;
import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.engine.socket.splice.SpliceConnections;
import java.lang.foreign.MemorySegment;

/**
 * Where pasta's loopback bypass delivers what a host loopback peer sends to a forwarded port:
 * over the namespace's {@code lo}, to the address the guest was seen using (else the one it
 * was given), so that services bound only to the namespace's loopback, a container's private
 * ones, are not exposed by {@code -t}/{@code -u}. With {@code --host-lo-to-ns-lo} it is the
 * namespace's 127.0.0.1 / ::1 instead. The kernel picks the source address either way. Where
 * the guest is comes from {@code nat} and what was seen of it, {@code guest}.
 */
public record NamespaceTarget(boolean hostLoToNsLo, AddressMap nat, GuestState guest)
        implements SpliceConnections.Target {

    /**
     * Writes the target {@code :port} of this family at {@code sa[off]}: its length, or 0 when
     * the guest has no address of this family to deliver to.
     */
    @Override
    public int write(MemorySegment sa, long off, boolean ipv6, int port) {
        if (hostLoToNsLo) {
            return SocketAddresses.writeLoopback(sa, off, ipv6, port);
        }
        // a global source (high word 0): the guest's global address
        return nat.guestAddress(ipv6, 0, guest) ? SocketAddresses.write(sa, off, ipv6, nat.hi(), nat.lo(), port) : 0;
    }
}

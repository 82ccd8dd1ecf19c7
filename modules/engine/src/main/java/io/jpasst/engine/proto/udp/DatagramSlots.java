package io.jpasst.engine.proto.udp;

import io.jpasst.engine.packet.ip.Frames;
import io.jpasst.engine.packet.PacketBuffer;
import io.jpasst.sys.Errno;
import io.jpasst.sys.IoVec;
import io.jpasst.sys.MMsgHdr;
import io.jpasst.sys.PacketMemory;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A preallocated batch of datagram slots for {@code recvmmsg}/{@code sendmmsg}. Each slot
 * holds one datagram of any size, received straight behind room for the Ethernet, IP and UDP
 * headers of a frame to the guest, so building the frame writes headers and copies nothing.
 * The same slots can be sent on unchanged to another socket (the loopback bypass).
 *
 * <p>Public only for the JMH benchmarks, which run on the class path: the package is not
 * exported, so other modules still cannot use it.
 */
public final class DatagramSlots {
    public static final int BATCH = 32;
    /** Largest UDP payload over IPv6 (65535 minus the UDP header); IPv4's is smaller. */
    static final int MAX_PAYLOAD = 65527;
    /** Header room: the IPv6 frame headers, the larger ones; IPv4 frames start further in. */
    static final int HEADROOM = Frames.UDP6_PAYLOAD;
    static final long SLOT_SIZE = (HEADROOM + MAX_PAYLOAD + 63) & ~63L;
    private static final int NAME_SIZE = SockAddr.STORAGE_SIZE;

    public final MemorySegment buffer;
    final MemorySegment names;
    private final MemorySegment msgs;
    private final MemorySegment iovs;
    private final int[] lengths = new int[BATCH];

    public DatagramSlots() {
        Arena arena = Arena.ofAuto();
        buffer = PacketMemory.map(SLOT_SIZE * BATCH, PacketBuffer.NAME);
        names = arena.allocate((long) NAME_SIZE * BATCH, 8);
        msgs = arena.allocate((long) MMsgHdr.SIZE * BATCH, 8);
        iovs = arena.allocate((long) IoVec.SIZE * BATCH, 8);
    }

    /** Where slot {@code i}'s datagram payload starts in {@link #buffer}. */
    public static long payload(int i) {
        return i * SLOT_SIZE + HEADROOM;
    }

    /** Where slot {@code i}'s frame to the guest starts, for the given family. */
    public static long frame(int i, boolean v6) {
        return payload(i) - (v6 ? Frames.UDP6_PAYLOAD : Frames.UDP4_PAYLOAD);
    }

    /** Where slot {@code i}'s socket address starts in {@link #names}. */
    static long name(int i) {
        return (long) i * NAME_SIZE;
    }

    int length(int i) {
        return lengths[i];
    }

    /**
     * Receives up to {@link #BATCH} datagrams, with their source addresses when
     * {@code withNames}. Returns how many (0 when nothing is ready), or -errno.
     */
    int receive(int fd, boolean withNames) {
        prepareReceive(withNames);
        int n = Sock.recvmmsg(fd, msgs, 0, BATCH, Sock.MSG_DONTWAIT);
        if (n == -Errno.EAGAIN) {
            return 0;
        }
        for (int i = 0; i < n; i++) {
            lengths[i] = MMsgHdr.len(msgs, MMsgHdr.at(0, i));
        }
        return n;
    }

    /**
     * Sends slots {@code from .. from+count)} as received, to each slot's name when
     * {@code withNames} (else the socket must be connected). Returns how many went, or -errno.
     */
    int send(int fd, int from, int count, boolean withNames) {
        prepareSend(from, count, withNames);
        int sent = 0;
        while (sent < count) {
            int n = Sock.sendmmsg(fd, msgs, MMsgHdr.at(0, from + sent), count - sent, Sock.MSG_DONTWAIT);
            if (n == -Errno.EINTR) {
                continue;
            }
            if (n <= 0) {
                return sent > 0 ? sent : n;
            }
            sent += n;
        }
        return sent;
    }

    /** Points every message header at its slot's whole payload area (and name), for {@code recvmmsg}. */
    public void prepareReceive(boolean withNames) {
        for (int i = 0; i < BATCH; i++) {
            point(i, withNames, MAX_PAYLOAD);
        }
    }

    /** Points the headers of slots {@code from .. from+count)} at their datagrams as received, for {@code sendmmsg}. */
    public void prepareSend(int from, int count, boolean withNames) {
        for (int i = from; i < from + count; i++) {
            point(i, withNames, lengths[i]);
        }
    }

    private void point(int i, boolean withName, int len) {
        long iov = (long) i * IoVec.SIZE;
        IoVec.set(iovs, iov, buffer.address() + payload(i), len);
        MMsgHdr.set(msgs, MMsgHdr.at(0, i), withName ? names.address() + name(i) : 0, withName ? NAME_SIZE : 0,
                iovs.address() + iov, 1, 0, 0);
    }
}

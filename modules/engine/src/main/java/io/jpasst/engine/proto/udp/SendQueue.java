package io.jpasst.engine.proto.udp;

import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.packet.DropReason;
import io.jpasst.sys.Errno;
import io.jpasst.sys.IoVec;
import io.jpasst.sys.MMsgHdr;
import io.jpasst.sys.Sock;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Guest datagrams of one flow waiting for a single {@code sendmmsg} on its connected socket.
 * Entries point into the tap's frame buffer, so the queue must be flushed before that buffer
 * is reused (the end of each tap batch), when the next datagram belongs to another flow, or
 * when it is full. Order within a flow is kept: nothing of a flow is sent around the queue.
 */
final class SendQueue {
    static final int CAPACITY = 64;

    private final DropCounters drops;
    private final MemorySegment msgs = Arena.ofAuto().allocate((long) MMsgHdr.SIZE * CAPACITY, 8);
    private final MemorySegment iovs = Arena.ofAuto().allocate((long) IoVec.SIZE * CAPACITY, 8);
    private int fd = -1;
    private int count;

    SendQueue(DropCounters drops) {
        this.drops = drops;
        // Message i always sends iovec i of a connected socket: only the iovecs change per datagram.
        for (int i = 0; i < CAPACITY; i++) {
            MMsgHdr.set(msgs, MMsgHdr.at(0, i), 0, 0, iovs.address() + (long) i * IoVec.SIZE, 1, 0, 0);
        }
    }

    /** Queues {@code len} bytes at native address {@code address} for connected socket {@code s}. */
    void add(int s, long address, int len) {
        if (s != fd || count == CAPACITY) {
            flush();
            fd = s;
        }
        IoVec.set(iovs, (long) count * IoVec.SIZE, address, len);
        count++;
    }

    /** Sends what is queued; what the socket refuses is dropped and counted. */
    void flush() {
        int sent = 0;
        while (sent < count) {
            int n = Sock.sendmmsg(fd, msgs, MMsgHdr.at(0, sent), count - sent, Sock.MSG_DONTWAIT | Sock.MSG_NOSIGNAL);
            if (n == -Errno.EINTR) {
                continue;
            }
            if (n <= 0) {
                // The first unsent datagram caused the error (full buffer, ICMP error): skip it.
                drops.count(DropReason.SOCKET_ERROR);
                sent++;
                continue;
            }
            sent += n;
        }
        count = 0;
    }

    /** Sends what is queued for socket {@code s}, if anything: before its options change. */
    void flushFor(int s) {
        if (s == fd && count > 0) {
            flush();
        }
    }

    /** Forgets a socket that is being closed; its queued datagrams go first. */
    void closing(int s) {
        if (s == fd) {
            flush();
            fd = -1;
        }
    }
}

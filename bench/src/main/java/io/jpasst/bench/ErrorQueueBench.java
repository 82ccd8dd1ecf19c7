package io.jpasst.bench;

import io.jpasst.sys.Errno;
import io.jpasst.sys.ErrorQueue;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One ICMP error for a UDP flow, as pasta meets it: a datagram to a closed loopback port, and
 * the port-unreachable error it draws read off the socket's error queue (the
 * {@code recvmsg(MSG_ERRQUEUE)} and the walk over its control messages). Mostly system calls
 * and the kernel's ICMP round trip; the point is that reading errors allocates nothing.
 */
@State(Scope.Thread)
public class ErrorQueueBench extends DataPathBench {
    private final ErrorQueue queue = new ErrorQueue(8);
    private MemorySegment payload;
    private int fd = -1;

    @Setup
    public void setUp() {
        MemorySegment sa = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE, 8);
        payload = Arena.ofAuto().allocate(64);
        int probe = Sock.socket(Sock.AF_INET, Sock.SOCK_DGRAM, 0);
        Sock.bind(probe, sa, 0, SockAddr.writeIn4(sa, 0, 0x7f00_0001, 0));
        Sock.getsockname(probe, sa, 0);
        Fd.close(probe); // nothing listens on its port any more
        fd = Sock.socket(Sock.AF_INET, Sock.SOCK_DGRAM | Sock.SOCK_NONBLOCK, 0);
        Sock.setsockoptInt(fd, Sock.SOL_IP, Sock.IP_RECVERR, 1);
        if (Sock.connect(fd, sa, 0, SockAddr.IN_SIZE) < 0) {
            throw new IllegalStateException("connect");
        }
    }

    @TearDown
    public void tearDown() {
        Fd.close(fd);
    }

    @Benchmark
    public int portUnreachable() {
        Sock.send(fd, payload, 0, payload.byteSize(), 0);
        long n;
        do {
            n = queue.read(fd);
        } while (n == -Errno.EAGAIN);
        return queue.found() ? queue.type() : -1;
    }
}

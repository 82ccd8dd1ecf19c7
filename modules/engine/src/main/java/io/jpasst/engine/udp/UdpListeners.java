package io.jpasst.engine.udp;

import io.jpasst.engine.conf.Config;
import io.jpasst.engine.conf.ForwardMode;
import io.jpasst.engine.conf.ForwardRule;
import io.jpasst.engine.conf.ForwardSpec;
import io.jpasst.engine.log.Log;
import io.jpasst.engine.ns.NamespaceThread;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import io.jpasst.sys.SockAddr;
import io.jpasst.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The bound sockets of {@code -u} (on the host, towards the guest) and {@code -U} (in the
 * namespace, towards the host), one per port and family, indexed for epoll references.
 * Explicit port lists only: {@code auto} needs the port scanner of the forwarding work.
 */
final class UdpListeners {
    private int count;
    private int[] fd = new int[16];
    private boolean[] v6 = new boolean[16];
    /** True for {@code -u} sockets (host side), false for {@code -U} (namespace side). */
    private boolean[] towardsGuest = new boolean[16];
    private int[] targetPort = new int[16];

    int count() {
        return count;
    }

    int fd(int i) {
        return fd[i];
    }

    boolean v6(int i) {
        return v6[i];
    }

    boolean towardsGuest(int i) {
        return towardsGuest[i];
    }

    int targetPort(int i) {
        return targetPort[i];
    }

    /** Binds every {@code -u} port on the calling (host) thread and every {@code -U} port in {@code ns}. */
    void bindAll(Config config, NamespaceThread ns) {
        boolean want4 = config.ipVersions().ipv4();
        boolean want6 = config.ipVersions().ipv6();
        bindSpec(config.forwarding().udpIn(), true, want4, want6, null);
        if (ns != null) {
            bindSpec(config.forwarding().udpOut(), false, want4, want6, ns);
        }
    }

    private void bindSpec(ForwardSpec spec, boolean inbound, boolean want4, boolean want6, NamespaceThread ns) {
        if (spec.mode() == ForwardMode.AUTO) {
            Log.debug("UDP port forwarding 'auto' is not supported yet: nothing forwarded");
            return;
        }
        BitSet ports = spec.forwardedPorts();
        for (int port = ports.nextSetBit(0); port >= 0; port = ports.nextSetBit(port + 1)) {
            ForwardRule rule = spec.ruleFor(port).orElseThrow();
            InetAddress addr = rule.bindAddress().orElse(null);
            String dev = rule.bindInterface().orElse(null);
            int bound = 0;
            int error = 0;
            for (int fam = 0; fam < 2; fam++) {
                boolean six = fam == 1;
                if (!(six ? want6 : want4) || addr != null && (addr instanceof Inet4Address) == six) {
                    continue;
                }
                int p = port;
                int s = ns == null ? open(six, addr, dev, p) : ns.call(() -> open(six, addr, dev, p));
                if (s < 0) {
                    error = -s;
                    continue;
                }
                add(s, six, inbound, spec.targetPort(port));
                bound++;
            }
            if (bound == 0 && !spec.bestEffort()) {
                throw new SysException("bind UDP port " + port, error);
            }
        }
    }

    private void add(int s, boolean six, boolean inbound, int target) {
        if (count == fd.length) {
            fd = Arrays.copyOf(fd, count * 2);
            v6 = Arrays.copyOf(v6, count * 2);
            towardsGuest = Arrays.copyOf(towardsGuest, count * 2);
            targetPort = Arrays.copyOf(targetPort, count * 2);
        }
        fd[count] = s;
        v6[count] = six;
        towardsGuest[count] = inbound;
        targetPort[count] = target;
        count++;
    }

    /** One bound, non-blocking datagram socket: the descriptor, or -errno. */
    private static int open(boolean six, InetAddress addr, String dev, int port) {
        int s = Sock.socket(six ? Sock.AF_INET6 : Sock.AF_INET,
                Sock.SOCK_DGRAM | Sock.SOCK_NONBLOCK | Sock.SOCK_CLOEXEC, 0);
        if (s < 0) {
            return s;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SockAddr.STORAGE_SIZE + 16, 8);
            Sock.setsockoptInt(s, Sock.SOL_SOCKET, Sock.SO_REUSEADDR, 1);
            if (six) {
                Sock.setsockoptInt(s, Sock.IPPROTO_IPV6, Sock.IPV6_V6ONLY, 1);
            }
            if (dev != null) {
                byte[] name = dev.getBytes(StandardCharsets.UTF_8);
                MemorySegment n = arena.allocate(name.length + 1L);
                MemorySegment.copy(name, 0, n, ValueLayout.JAVA_BYTE, 0, name.length);
                Sock.setsockopt(s, Sock.SOL_SOCKET, Sock.SO_BINDTODEVICE, n, 0, name.length + 1);
            }
            int len;
            if (six) {
                MemorySegment.copy(addr == null ? new byte[16] : addr.getAddress(), 0, sa, ValueLayout.JAVA_BYTE,
                        SockAddr.STORAGE_SIZE, 16);
                len = SockAddr.writeIn6(sa, 0, sa, SockAddr.STORAGE_SIZE, port, 0);
            } else {
                len = SockAddr.writeIn4(sa, 0, addr == null ? 0 : java.nio.ByteBuffer.wrap(addr.getAddress()).getInt(),
                        port);
            }
            int rc = Sock.bind(s, sa, 0, len);
            if (rc < 0) {
                Fd.close(s);
                return rc;
            }
            return s;
        }
    }
}

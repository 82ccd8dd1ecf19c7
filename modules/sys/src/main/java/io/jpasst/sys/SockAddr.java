package io.jpasst.sys;

import io.jpasst.sys.gen.netlink.sockaddr_nl;
import io.jpasst.sys.gen.socket.in6_addr;
import io.jpasst.sys.gen.socket.sockaddr_in;
import io.jpasst.sys.gen.socket.sockaddr_in6;
import io.jpasst.sys.gen.socket.sockaddr_storage;
import io.jpasst.sys.gen.socket.sockaddr_un;
import io.jpasst.sys.gen.socket.socket_h;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes and reads socket addresses (sockaddr_in, _in6, _un, _nl) in caller-provided memory,
 * so building an address for sendto/connect allocates nothing. Ports and IPv4 addresses are
 * host-order ints on the Java side and network order in memory; writers return the length to
 * pass as the address length.
 */
public final class SockAddr {
    private SockAddr() {}

    public static final int IN_SIZE = (int) sockaddr_in.sizeof();
    public static final int IN6_SIZE = (int) sockaddr_in6.sizeof();
    public static final int UN_SIZE = (int) sockaddr_un.sizeof();
    public static final int NL_SIZE = (int) sockaddr_nl.sizeof();
    public static final int STORAGE_SIZE = (int) sockaddr_storage.sizeof();

    /** Offset of the 16 address bytes in a sockaddr_in6. */
    public static final long IN6_ADDR_OFFSET = sockaddr_in6.sin6_addr$offset();
    /** Offset of the 4 address bytes (network order) in a sockaddr_in. */
    public static final long IN4_ADDR_OFFSET = sockaddr_in.sin_addr$offset();
    /** Offset of the path in a sockaddr_un, and its capacity including the NUL. */
    public static final long UN_PATH_OFFSET = sockaddr_un.sun_path$offset();
    public static final int UN_PATH_MAX = (int) sockaddr_un.sun_path$layout().byteSize();

    private static final int AF_INET = socket_h.AF_INET();
    private static final int AF_INET6 = socket_h.AF_INET6();
    private static final int AF_UNIX = socket_h.AF_UNIX();
    private static final int AF_NETLINK = socket_h.AF_NETLINK();

    // all sockaddr variants start with the same sa_family_t: read/written in host order
    private static final long FAMILY_OFF = sockaddr_in.sin_family$offset();
    private static final ValueLayout.OfShort FAMILY = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfShort NET_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt NET_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt HOST_INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong HOST_LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    // sin_port and sin6_port share an offset, as the kernel relies on
    private static final long PORT_OFF = sockaddr_in.sin_port$offset();
    private static final long IN4_ZERO_OFF = sockaddr_in.sin_zero$offset();
    private static final long IN6_FLOW_OFF = sockaddr_in6.sin6_flowinfo$offset();
    private static final long IN6_SCOPE_OFF = sockaddr_in6.sin6_scope_id$offset();
    private static final long IN6_ADDR_SIZE = in6_addr.sizeof();
    private static final long NL_PAD_OFF = sockaddr_nl.nl_pad$offset();
    private static final long NL_PID_OFF = sockaddr_nl.nl_pid$offset();
    private static final long NL_GROUPS_OFF = sockaddr_nl.nl_groups$offset();

    /** sockaddr_in for {@code addr} (host order: 192.0.2.1 is 0xC0000201) and port. */
    public static int writeIn4(MemorySegment s, long off, int addr, int port) {
        java.util.Objects.checkFromIndexSize(off, IN_SIZE, s.byteSize());
        s.set(FAMILY, off + FAMILY_OFF, (short) AF_INET);
        s.set(NET_SHORT, off + PORT_OFF, (short) port);
        s.set(NET_INT, off + IN4_ADDR_OFFSET, addr);
        s.set(HOST_LONG, off + IN4_ZERO_OFF, 0L); // sin_zero is 8 bytes on every Linux ABI
        return IN_SIZE;
    }

    /** sockaddr_in6 for the 16 bytes at {@code addr16[addrOff]}, port and scope id. */
    public static int writeIn6(MemorySegment s, long off, MemorySegment addr16, long addrOff, int port, int scopeId) {
        java.util.Objects.checkFromIndexSize(off, IN6_SIZE, s.byteSize());
        s.set(FAMILY, off + FAMILY_OFF, (short) AF_INET6);
        s.set(NET_SHORT, off + PORT_OFF, (short) port);
        s.set(HOST_INT, off + IN6_FLOW_OFF, 0);
        MemorySegment.copy(addr16, addrOff, s, off + IN6_ADDR_OFFSET, IN6_ADDR_SIZE);
        s.set(HOST_INT, off + IN6_SCOPE_OFF, scopeId);
        return IN6_SIZE;
    }

    /** sockaddr_un for a filesystem path (slow path). Length covers the path and its NUL. */
    public static int writeUn(MemorySegment s, long off, String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length >= UN_PATH_MAX) {
            throw new IllegalArgumentException("UNIX socket path too long: " + path);
        }
        java.util.Objects.checkFromIndexSize(off, UN_SIZE, s.byteSize());
        s.asSlice(off, UN_SIZE).fill((byte) 0);
        s.set(FAMILY, off + FAMILY_OFF, (short) AF_UNIX);
        MemorySegment.copy(p, 0, s, ValueLayout.JAVA_BYTE, off + UN_PATH_OFFSET, p.length);
        return (int) UN_PATH_OFFSET + p.length + 1;
    }

    /** sockaddr_nl: {@code pid} 0 means "the kernel" as a destination, "assign one" for bind. */
    public static int writeNl(MemorySegment s, long off, int pid, int groups) {
        java.util.Objects.checkFromIndexSize(off, NL_SIZE, s.byteSize());
        s.set(FAMILY, off + FAMILY_OFF, (short) AF_NETLINK);
        s.set(FAMILY, off + NL_PAD_OFF, (short) 0);
        s.set(HOST_INT, off + NL_PID_OFF, pid);
        s.set(HOST_INT, off + NL_GROUPS_OFF, groups);
        return NL_SIZE;
    }

    /** Address family (AF_INET, AF_INET6, ...) of any sockaddr. */
    public static int family(MemorySegment s, long off) {
        return Short.toUnsignedInt(s.get(FAMILY, off + FAMILY_OFF));
    }

    /** Port (host order) of a sockaddr_in or sockaddr_in6. */
    public static int port(MemorySegment s, long off) {
        return Short.toUnsignedInt(s.get(NET_SHORT, off + PORT_OFF));
    }

    /** IPv4 address (host order) of a sockaddr_in. */
    public static int in4Addr(MemorySegment s, long off) {
        return s.get(NET_INT, off + IN4_ADDR_OFFSET);
    }

    public static int in6ScopeId(MemorySegment s, long off) {
        return s.get(HOST_INT, off + IN6_SCOPE_OFF);
    }

    /** Netlink port id of a sockaddr_nl. */
    public static int nlPid(MemorySegment s, long off) {
        return s.get(HOST_INT, off + NL_PID_OFF);
    }
}

package io.jpasst.sys;

import static io.jpasst.sys.Native.Mode.MAY_BLOCK;

import io.jpasst.sys.gen.tun.ifreq;
import io.jpasst.sys.gen.tun.tun_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/** The tap device pasta attaches to, and interface name lookups (slow path, may throw). */
public final class Tun {
    private Tun() {}

    public static final int IFF_TAP = tun_h.IFF_TAP();
    public static final int IFF_NO_PI = tun_h.IFF_NO_PI();
    public static final int IFF_UP = tun_h.IFF_UP();
    public static final int IFF_LOOPBACK = tun_h.IFF_LOOPBACK();
    public static final int IFF_NOARP = tun_h.IFF_NOARP();
    public static final int IFNAMSIZ = tun_h.IFNAMSIZ();
    public static final long TUNSETIFF = tun_h.TUNSETIFF();
    public static final int SIOCOUTQ = tun_h.SIOCOUTQ();
    public static final int SIOCINQ = tun_h.SIOCINQ();


    private static final String CLONE_DEVICE = "/dev/net/tun";
    private static final long NAME_OFF = ifreq.ifr_ifrn$offset() + ifreq.ifr_ifrn.ifrn_name$offset();
    private static final long FLAGS_OFF = ifreq.ifr_ifru$offset() + ifreq.ifr_ifru.ifru_flags$offset();

    private static final class NAMETOINDEX {
        static final MethodHandle H = Native.downcall(tun_h.if_nametoindex$address(),
            tun_h.if_nametoindex$descriptor(), MAY_BLOCK);
    }

    /** An open tap queue and the name the kernel gave the interface. */
    public record Tap(int fd, String name) {}

    /**
     * Opens {@code /dev/net/tun} non-blocking and attaches it to tap interface
     * {@code requestedName} (created if missing; null or empty lets the kernel pick "tapN"),
     * without packet-information headers. Acts in the calling thread's network namespace.
     */
    public static Tap openTap(String requestedName) {
        int fd = SysException.check("open " + CLONE_DEVICE,
                Fd.open(CLONE_DEVICE, Fd.O_RDWR | Fd.O_CLOEXEC | Fd.O_NONBLOCK, 0));
        MemorySegment req = Scratch.get().ifreqCell;
        req.fill((byte) 0);
        if (requestedName != null && !requestedName.isEmpty()) {
            byte[] n = requestedName.getBytes(StandardCharsets.US_ASCII);
            if (n.length >= IFNAMSIZ) {
                Fd.close(fd);
                throw new IllegalArgumentException("interface name too long: " + requestedName);
            }
            MemorySegment.copy(n, 0, req, ValueLayout.JAVA_BYTE, NAME_OFF, n.length);
        }
        req.set(ifreq.ifr_ifru.ifru_flags$layout(), FLAGS_OFF, (short) (IFF_TAP | IFF_NO_PI));
        int r = Fd.ioctl(fd, TUNSETIFF, req);
        if (r < 0) {
            Fd.close(fd);
            throw new SysException("ioctl TUNSETIFF " + requestedName, -r);
        }
        return new Tap(fd, req.getString(NAME_OFF, StandardCharsets.US_ASCII));
    }

    /** if_nametoindex(3): the interface index, or -errno (-ENODEV if there is none). */
    public static int ifNameToIndex(String name) {
        Scratch s = Scratch.get();
        try (Arena arena = Arena.ofConfined()) {
            int index = (int) NAMETOINDEX.H.invokeExact(s.errno, arena.allocateFrom(name));
            return index == 0 ? -s.errno() : index;
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}

package io.jpasst.sys;


import io.jpasst.sys.gen.process.rlimit;
import io.jpasst.sys.gen.process.process_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Resource limits: passt raises its descriptor limit to the hard maximum at start-up. */
public final class Rlimits {
    private Rlimits() {}

    public static final int RLIMIT_NOFILE = process_h.RLIMIT_NOFILE();



    /** A limit pair; {@link #RLIM_INFINITY} (-1 as a signed long) means unlimited. */
    public record Limit(long soft, long hard) {}

    /** getrlimit(2); throws SysException on failure (slow path). */
    public static Limit get(int resource) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lim = rlimit.allocate(arena);
            SysException.check("getrlimit", (int) Syscall.call(process_h.SYS_prlimit64(), 0, resource, 0, lim.address()));
            return new Limit(rlimit.rlim_cur(lim), rlimit.rlim_max(lim));
        }
    }

    /** setrlimit(2); throws SysException on failure (slow path). */
    public static void set(int resource, Limit limit) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lim = rlimit.allocate(arena);
            rlimit.rlim_cur(lim, limit.soft());
            rlimit.rlim_max(lim, limit.hard());
            SysException.check("setrlimit", (int) Syscall.call(process_h.SYS_prlimit64(), 0, resource, lim.address(), 0));
        }
    }

    /** Raises the RLIMIT_NOFILE soft limit to the hard limit; returns the new soft limit. */
    public static long raiseNofileToMax() {
        Limit now = get(RLIMIT_NOFILE);
        if (now.soft() != now.hard()) {
            set(RLIMIT_NOFILE, new Limit(now.hard(), now.hard()));
        }
        return now.hard();
    }
}

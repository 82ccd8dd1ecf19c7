package io.jpasst.sys;

import static io.jpasst.sys.Native.Mode.SHORT;

import io.jpasst.sys.gen.process.process_h;
import io.jpasst.sys.gen.process.rlimit;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Resource limits: passt raises its descriptor limit to the hard maximum at start-up. */
public final class Rlimits {
    private Rlimits() {}

    public static final int RLIMIT_NOFILE = process_h.RLIMIT_NOFILE();
    public static final int RLIMIT_NPROC = process_h.RLIMIT_NPROC();
    public static final int RLIMIT_CORE = process_h.RLIMIT_CORE();
    public static final int RLIMIT_MEMLOCK = process_h.RLIMIT_MEMLOCK();
    public static final long RLIM_INFINITY = process_h.RLIM_INFINITY();


    private static final class GETRLIMIT {

        static final MethodHandle H = Native.downcall(process_h.getrlimit$address(),
            process_h.getrlimit$descriptor(), SHORT);

    }
    private static final class SETRLIMIT {
        static final MethodHandle H = Native.downcall(process_h.setrlimit$address(),
            process_h.setrlimit$descriptor(), SHORT);
    }

    /** A limit pair; {@link #RLIM_INFINITY} (-1 as a signed long) means unlimited. */
    public record Limit(long soft, long hard) {}

    /** getrlimit(2); throws SysException on failure (slow path). */
    public static Limit get(int resource) {
        Scratch s = Scratch.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lim = rlimit.allocate(arena);
            SysException.check("getrlimit", s.check((int) GETRLIMIT.H.invokeExact(s.errno, resource, lim)));
            return new Limit(rlimit.rlim_cur(lim), rlimit.rlim_max(lim));
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** setrlimit(2); throws SysException on failure (slow path). */
    public static void set(int resource, Limit limit) {
        Scratch s = Scratch.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lim = rlimit.allocate(arena);
            rlimit.rlim_cur(lim, limit.soft());
            rlimit.rlim_max(lim, limit.hard());
            SysException.check("setrlimit", s.check((int) SETRLIMIT.H.invokeExact(s.errno, resource, lim)));
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.fail(t);
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

package io.jpasst.sys;

import static io.jpasst.sys.Native.Mode.MAY_BLOCK;
import static io.jpasst.sys.Native.Mode.SHORT;

import io.jpasst.sys.gen.process.siginfo_t;
import io.jpasst.sys.gen.process.process_h;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Process identity and control: ids, signals, pidfds, sessions, prctl, waiting for children.
 * Results are values or -errno.
 */
public final class Proc {
    private Proc() {}

    // prctl options
    public static final int PR_GET_DUMPABLE = process_h.PR_GET_DUMPABLE();
    public static final int PR_SET_DUMPABLE = process_h.PR_SET_DUMPABLE();
    public static final int PR_CAPBSET_READ = process_h.PR_CAPBSET_READ();
    public static final int PR_CAPBSET_DROP = process_h.PR_CAPBSET_DROP();
    public static final int PR_SET_NO_NEW_PRIVS = process_h.PR_SET_NO_NEW_PRIVS();
    public static final int PR_CAP_AMBIENT = process_h.PR_CAP_AMBIENT();
    public static final int PR_CAP_AMBIENT_CLEAR_ALL = process_h.PR_CAP_AMBIENT_CLEAR_ALL();

    // waitid
    public static final int P_PID = process_h.P_PID();
    public static final int WEXITED = process_h.WEXITED();
    public static final int WNOWAIT = process_h.WNOWAIT();
    public static final int CLD_EXITED = process_h.CLD_EXITED();


    /** siginfo_t geometry, for {@link #waitid}. */
    public static final int SIGINFO_SIZE = (int) siginfo_t.sizeof();
    public static final long SI_CODE_OFF = siginfo_t.si_code$offset();
    public static final long SI_PID_OFF = siginfo_t.si_pid$offset();
    public static final long SI_STATUS_OFF = siginfo_t.si_status$offset();

    private static final class GETPID {
        static final MethodHandle H = Native.downcall(process_h.getpid$address(), process_h.getpid$descriptor(), SHORT);
    }
    private static final class GETUID {
        static final MethodHandle H = Native.downcall(process_h.getuid$address(), process_h.getuid$descriptor(), SHORT);
    }
    private static final class GETEUID {
        static final MethodHandle H = Native.downcall(process_h.geteuid$address(), process_h.geteuid$descriptor(), SHORT);
    }
    private static final class GETGID {
        static final MethodHandle H = Native.downcall(process_h.getgid$address(), process_h.getgid$descriptor(), SHORT);
    }
    private static final class GETEGID {
        static final MethodHandle H = Native.downcall(process_h.getegid$address(), process_h.getegid$descriptor(), SHORT);
    }
    private static final class SETSID {
        static final MethodHandle H = Native.downcall(process_h.setsid$address(), process_h.setsid$descriptor(), SHORT);
    }
    private static final class KILL {
        static final MethodHandle H = Native.downcall(process_h.kill$address(), process_h.kill$descriptor(), SHORT);
    }
    private static final class WAITID {
        static final MethodHandle H = Native.downcall(process_h.waitid$address(), process_h.waitid$descriptor(), MAY_BLOCK, 2);
    }

    public static int getpid() {
        return Invoke.int0(GETPID.H);
    }

    public static int getuid() {
        return Invoke.int0(GETUID.H);
    }

    public static int geteuid() {
        return Invoke.int0(GETEUID.H);
    }

    public static int getgid() {
        return Invoke.int0(GETGID.H);
    }

    public static int getegid() {
        return Invoke.int0(GETEGID.H);
    }

    /** setsid(2): the new session id, or -errno (-EPERM for a process group leader). */
    public static int setsid() {
        return Invoke.int0(SETSID.H);
    }


    /** kill(2): 0 or -errno. */
    public static int kill(int pid, int sig) {
        return Invoke.int2(KILL.H, pid, sig);
    }

    /** pidfd_open(2): a pidfd (pollable: readable when the process exits) or -errno. */
    public static int pidfdOpen(int pid, int flags) {
        return (int) Syscall.call(process_h.SYS_pidfd_open(), pid, flags);
    }

    /**
     * waitid(2) filling the siginfo_t at {@code info[off]} ({@link #SIGINFO_SIZE} bytes; read
     * it with {@link #SI_PID_OFF} etc.): 0 or -errno.
     */
    public static int waitid(int idtype, int id, MemorySegment info, long off, int options) {
        long addr = Native.region(info, off, SIGINFO_SIZE);
        Scratch s = Scratch.get();
        try {
            return s.check((int) WAITID.H.invokeExact(s.errno, idtype, id, addr, options));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /**
     * exit_group(2): ends every thread of the process at once, now. Unlike Runtime.halt, it
     * does not first wait (up to 300 ms) for threads blocked in native calls, such as the
     * JDK's reaper in wait4 on a command that is still running. Nothing Java buffers is
     * flushed: the caller flushes first.
     */
    public static void exitGroup(int status) {
        Syscall.call(process_h.SYS_exit_group(), status);
    }

    /** prctl(2) with all four optional arguments (pass 0 for unused ones): result or -errno. */
    public static int prctl(int option, long a2, long a3, long a4, long a5) {
        return (int) Syscall.call(process_h.SYS_prctl(), option, a2, a3, a4, a5);
    }
}

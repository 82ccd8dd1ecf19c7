package io.jpasst.engine.control.sandbox;

import io.jpasst.engine.runtime.log.Log;
import io.jpasst.sys.Caps;
import io.jpasst.sys.Errno;
import io.jpasst.sys.Namespaces;
import io.jpasst.sys.Proc;
import io.jpasst.sys.SysException;

/**
 * Gives up what start-up needed once it is done: the mount, IPC and UTS namespaces shared with
 * the caller (the confined threads move to fresh copies of their own), every capability but
 * CAP_NET_BIND_SERVICE (ports below 1024 may still be bound later, e.g. when forwarded ports
 * are re-scanned), the right to gain privileges through exec (no_new_privs), and being
 * dumpable (no core dumps, no ptrace or /proc/PID/mem access by other processes of the same
 * user).
 *
 * <p>Linux keeps capabilities and no_new_privs per thread, and a JVM cannot run code on its
 * own internal threads (compiler, GC, signal dispatcher), which keep what the process started
 * with. So {@link #confineThread} must run on every thread that handles guest or host input:
 * the event-loop thread and the namespace thread. Threads those create afterwards inherit
 * the confinement. Dumpability is per process. See the man pages' "Security" section for what
 * else the C tools do (seccomp, the whole process in detached namespaces with an empty
 * root) and why a JVM cannot follow.
 */
public final class Sandbox {
    /** The one capability kept: binding ports below 1024 in either namespace. */
    public static final long KEEP = Caps.bit(Caps.CAP_NET_BIND_SERVICE);

    /**
     * Left per thread: unshare(2) accepts these in a multithreaded process (a new mount
     * namespace also gives the thread its own root and working directory, CLONE_FS, which the
     * kernel allows there too). Unlike CLONE_NEWUSER or CLONE_NEWPID, they need no single thread.
     */
    static final int DETACHED = Namespaces.CLONE_NEWNS | Namespaces.CLONE_NEWIPC | Namespaces.CLONE_NEWUTS;

    private Sandbox() {}

    /**
     * Makes the process non-dumpable, unless debugging: then {@code jcmd} and debuggers of the
     * same user may always attach (the JDK's attach mechanism goes through
     * {@code /proc/PID/root}, which a non-dumpable process closes to processes without
     * privileges over its user namespace; the namespace's owner can attach either way).
     */
    public static void lockProcess() {
        if (Log.debugging()) {
            Log.debug("sandbox: debugging, process stays dumpable for jcmd and JFR");
            return;
        }
        warnIfFailed("PR_SET_DUMPABLE", Proc.prctl(Proc.PR_SET_DUMPABLE, 0, 0, 0, 0));
    }

    /**
     * Confines the calling thread: moved to new mount, IPC and UTS namespaces (while it still
     * has CAP_SYS_ADMIN), capabilities reduced to {@link #KEEP} in the bounding,
     * ambient, effective, permitted and inheritable sets, then no_new_privs. Never throws:
     * a sandbox that cannot be tightened further is logged, not fatal, as for the C tools
     * where the kernel lacks a feature.
     */
    public static void confineThread() {
        detachNamespaces();
        // The bounding set first: dropping from it needs CAP_SETPCAP, which goes next.
        for (int cap = 0; cap <= Caps.CAP_LAST_CAP; cap++) {
            if ((KEEP & Caps.bit(cap)) == 0 && Proc.prctl(Proc.PR_CAPBSET_READ, cap, 0, 0, 0) == 1) {
                int rc = Proc.prctl(Proc.PR_CAPBSET_DROP, cap, 0, 0, 0);
                if (rc < 0 && rc != -Errno.EPERM) {
                    warnIfFailed("PR_CAPBSET_DROP", rc);
                }
            }
        }
        warnIfFailed("PR_CAP_AMBIENT_CLEAR_ALL", Proc.prctl(Proc.PR_CAP_AMBIENT, Proc.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0));
        try {
            Caps.Sets left = Caps.dropAllBut(KEEP);
            if (Log.debugging()) {
                Log.debug("sandbox: thread " + Thread.currentThread().getName() + " keeps capabilities 0x"
                        + Long.toHexString(left.effective()));
            }
        } catch (SysException e) {
            Log.warn("sandbox: could not drop capabilities: " + e.getMessage());
        }
        warnIfFailed("PR_SET_NO_NEW_PRIVS", Proc.prctl(Proc.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
    }

    /**
     * Needs CAP_SYS_ADMIN in our user namespace: pasta is root in its own or in the caller's
     * (podman's), and the launcher gives passt one of its own. Without it (user namespaces
     * disabled) the thread stays where it is, as the C tools would refuse to start instead.
     */
    private static void detachNamespaces() {
        int rc = Namespaces.unshare(DETACHED);
        if (rc == -Errno.EPERM) {
            Log.info("sandbox: no privilege to detach mount, IPC and UTS namespaces, staying in the caller's");
        } else {
            warnIfFailed("unshare(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS)", rc);
        }
    }

    private static void warnIfFailed(String what, int rc) {
        if (rc < 0) {
            Log.warn("sandbox: " + what + ": " + Errno.message(-rc));
        }
    }
}

package io.jpasst.sys;

import static io.jpasst.sys.Native.Mode.MAY_BLOCK;

import io.jpasst.sys.gen.process.process_h;
import java.lang.invoke.MethodHandle;

/**
 * Namespace calls. Both act on the calling thread only (for CLONE_NEWNET and setns to a
 * netns), so pasta keeps a dedicated thread for work inside the target namespace.
 */
public final class Namespaces {
    private Namespaces() {}

    public static final int CLONE_NEWNS = process_h.CLONE_NEWNS();
    public static final int CLONE_NEWUTS = process_h.CLONE_NEWUTS();
    public static final int CLONE_NEWIPC = process_h.CLONE_NEWIPC();
    public static final int CLONE_NEWNET = process_h.CLONE_NEWNET();


    private static final class SETNS {

        static final MethodHandle H = Native.downcall(process_h.setns$address(), process_h.setns$descriptor(), MAY_BLOCK);

    }

    /** setns(2): move the calling thread into the namespace {@code fd} refers to; 0 or -errno. */
    public static int setns(int fd, int nstype) {
        return Invoke.int2(SETNS.H, fd, nstype);
    }

    /** unshare(2) for the calling thread: 0 or -errno. */
    public static int unshare(int flags) {
        return (int) Syscall.call(process_h.SYS_unshare(), flags);
    }
}

package io.jpasst.sys;

/**
 * Links the downcall handles every start uses (syscall(2), epoll_ctl, epoll_wait, and read and
 * write, which share one shape) on a thread of its own, as soon as the JVM runs our code. The
 * foreign linker's first use and the stub classes it spins for these shapes (which the AOT
 * cache cannot hold) then overlap the parsing of the command line and the configuration that
 * precede the first system call, instead of following them (issue 19).
 *
 * <p>Each handle lives in a holder class of its own: a thread that needs one while it is being
 * linked here waits on the JVM's class-initialisation lock, and nothing is linked twice. The
 * holders depend only on {@link Native}, never on each other, so no two threads can each hold
 * one the other waits for.
 */
public final class Prelink {
    private Prelink() {}

    /** Starts the linking on a daemon thread and returns at once. */
    public static void start() {
        // a class, not a method reference: a lambda would spin classes of its own at run time
        Thread t = new Thread(new Linking(), "jpasst-prelink");
        t.setDaemon(true);
        t.start();
    }

    private static final class Linking implements Runnable {
        @Override
        public void run() {
            try {
                Syscall.link();
                Epoll.link();
                Fd.link();
            } catch (RuntimeException | Error e) {
                // nothing to report here: the start path links the same handles and reports there
            }
        }
    }
}

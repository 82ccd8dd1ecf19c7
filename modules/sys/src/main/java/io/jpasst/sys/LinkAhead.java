package io.jpasst.sys;

import java.lang.foreign.MemorySegment;

/**
 * Links the downcalls every start makes on a thread of its own, ahead of their first use.
 * Linking a call shape spins classes in the interpreter, 10 to 20 ms a shape, and the JDK's
 * AOT cache does not hold them. Made by the main thread, that work delayed the namespace's
 * set-up, and epoll_wait's and read's came after a short command had already exited (14 ms
 * of a 22 ms exit). With a second core this thread does it while the main thread parses the
 * command line (BENCHMARKS.md, session 7). Each call is one the kernel refuses at once,
 * touching no memory: descriptor -1 (EBADF), and for epoll_wait no room for events (EINVAL).
 * A Runnable class and not a lambda: a lambda would spin one more class.
 */
public final class LinkAhead implements Runnable {
    private LinkAhead() {}

    /** Starts the linking thread; it ends by itself, and never holds up the JVM's exit. */
    public static void start() {
        Thread.ofPlatform().daemon().name("link-ahead").start(new LinkAhead());
    }

    @Override
    public void run() {
        try {
            Fd.close(-1); // the shared syscall(2) shape
            Epoll.ctl(-1, Epoll.CTL_ADD, -1, 0, 0);
            Epoll.wait(-1, MemorySegment.NULL, 0, 0);
            Fd.read(-1, MemorySegment.NULL, 0, 0);
        } catch (RuntimeException | Error e) {
            // Left for the first real call, which fails where it can be reported.
        }
    }
}

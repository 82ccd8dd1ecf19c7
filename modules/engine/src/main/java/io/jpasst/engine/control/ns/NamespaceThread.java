package io.jpasst.engine.control.ns;

import io.jpasst.sys.Fd;
import io.jpasst.sys.Namespaces;
import io.jpasst.sys.SysException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A platform thread that lives in the target network namespace, standing in for the C
 * tool's {@code NS_CALL}.
 *
 * <p>Why a thread: {@code setns(CLONE_NEWNET)} and {@code unshare(CLONE_NEWNET)} change the
 * namespace of the calling thread only, and a socket or tap device belongs to the namespace
 * it was created in for its whole life. So everything that must exist inside the namespace
 * (the tap device, the rtnetlink socket that configures it, sockets for the loopback bypass,
 * reads of /proc/thread-self/net/*, the spawned command) is created here and its descriptor
 * handed to the event loop, which stays in the initial namespace. Both calls need
 * CAP_SYS_ADMIN in our own user namespace: the launcher (bin/pasta) puts the whole JVM in the
 * right user namespace before it starts, because a multithreaded process cannot join one.
 *
 * <p>Threads started from this thread inherit its namespace; tasks here should not start
 * thread pools that later create host-side sockets.
 */
public final class NamespaceThread implements AutoCloseable {
    private final ExecutorService executor;

    private NamespaceThread(ExecutorService executor) {
        this.executor = executor;
    }

    /** Starts the thread and moves it into {@code target}; throws if it cannot get there. */
    public static NamespaceThread enter(NetnsTarget target) {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "netns");
            t.setDaemon(true);
            return t;
        });
        NamespaceThread thread = new NamespaceThread(executor);
        try {
            thread.call(() -> {
                join(target);
                return null;
            });
        } catch (RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
        return thread;
    }

    private static void join(NetnsTarget target) {
        switch (target) {
            case NetnsTarget.Fresh f -> {
                int rc = Namespaces.unshare(Namespaces.CLONE_NEWNET);
                if (rc < 0) {
                    throw new SysException("Couldn't create network namespace: unshare", -rc);
                }
            }
            case NetnsTarget.File f -> setns(f.path());
            case NetnsTarget.Process p -> setns(p.path());
        }
    }

    private static void setns(String path) {
        int fd = Fd.open(path, Fd.O_RDONLY | Fd.O_CLOEXEC, 0);
        if (fd < 0) {
            throw new SysException("Couldn't open network namespace " + path, -fd);
        }
        try {
            int rc = Namespaces.setns(fd, Namespaces.CLONE_NEWNET);
            if (rc < 0) {
                throw new SysException("Couldn't enter network namespace " + path, -rc);
            }
        } finally {
            Fd.close(fd);
        }
    }

    /**
     * Queues {@code task} to run inside the namespace without waiting, e.g. to refill a pool
     * of namespace-side sockets off the event loop. Failures are the task's own business.
     */
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Runs {@code task} inside the namespace and waits for its result. */
    public <T> T call(Callable<T> task) {
        return await(submit(task));
    }

    /**
     * Queues {@code task} to run inside the namespace; {@link #await} gives its result. Lets
     * the caller do independent set-up meanwhile (start-up time: there are two cores).
     */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, executor);
    }

    /** Waits for a task from {@link #submit}; throws what the task threw. */
    public <T> T await(CompletableFuture<T> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the namespace thread", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

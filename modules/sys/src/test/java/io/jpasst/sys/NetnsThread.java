package io.jpasst.sys;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/** Runs test code on a fresh platform thread that has unshared its network namespace. */
final class NetnsThread {
    private NetnsThread() {}

    static <T> T call(Callable<T> body) throws Exception {
        FutureTask<T> task = new FutureTask<>(() -> {
            int r = Namespaces.unshare(Namespaces.CLONE_NEWNET);
            if (r < 0) {
                throw new SysException("unshare(CLONE_NEWNET)", -r);
            }
            return body.call();
        });
        Thread t = new Thread(task, "netns-test");
        t.start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        } finally {
            t.join();
        }
    }
}

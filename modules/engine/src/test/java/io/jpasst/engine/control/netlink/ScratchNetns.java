package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Fd;
import io.jpasst.sys.Namespaces;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A throw-away network namespace for kernel tests: created with {@code ip netns add} under a
 * unique name, set up with {@code ip -n NAME ...}, deleted on close. Code runs inside it on a
 * fresh platform thread that joins it ({@code setns} affects only the calling thread), so the
 * test JVM itself never leaves the initial namespace and real interfaces are never touched.
 */
final class ScratchNetns implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    final String name;

    ScratchNetns(String tag) {
        this.name = "jpt-" + tag + "-" + ProcessHandle.current().pid() + "-"
                + COUNTER.incrementAndGet();
        run("ip", "netns", "add", name);
    }

    /** Whether scratch namespaces can be made here (root with iproute2). */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 && ProcessHandle.current().info().user().orElse("").equals("root");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs {@code ip -n NAME args...}; fails the test if it fails. Returns stdout. */
    String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    /** Several {@code ip} commands, one per line, arguments split on spaces. */
    void script(String lines) {
        for (String line : lines.strip().split("\n")) {
            if (!line.isBlank()) {
                ip(line.strip().split("\\s+"));
            }
        }
    }

    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code task} on a thread inside this namespace and returns its result. */
    <T> T inside(Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("in-" + name).unstarted(() -> {
            try {
                result.set(joinAndCall(task));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() instanceof Exception e) {
            throw e;
        }
        if (failure.get() instanceof Error e) {
            throw e;
        }
        return result.get();
    }

    /** Runs on the helper thread: joins the namespace for good, then runs the task. */
    private <T> T joinAndCall(Callable<T> task) throws Exception {
        int fd = Fd.open("/run/netns/" + name, Fd.O_RDONLY | Fd.O_CLOEXEC, 0);
        if (fd < 0) {
            throw new IllegalStateException("open netns " + name + ": errno " + -fd);
        }
        try {
            int rc = Namespaces.setns(fd, Namespaces.CLONE_NEWNET);
            if (rc < 0) {
                throw new IllegalStateException("setns " + name + ": errno " + -rc);
            }
        } finally {
            Fd.close(fd);
        }
        return task.call();
    }

    @Override
    public void close() {
        run("ip", "netns", "del", name);
    }
}

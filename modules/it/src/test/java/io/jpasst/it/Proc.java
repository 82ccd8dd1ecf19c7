package io.jpasst.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs real commands for the tests: with a timeout, captured stdout and stderr, optional stdin.
 * Each command starts as the leader of its own process group (through {@code setsid}), so
 * whatever it leaves behind in that group can be killed without touching anything else.
 * Daemons that detach into their own session (pasta does) are not in the group: the tests
 * track those by the PID they write with {@code --pid}.
 */
public final class Proc {
    private Proc() {
    }

    /** What a finished command did. */
    public record Result(List<String> argv, int exitCode, String stdout, String stderr, Duration elapsed) {
        /** Fails the test, showing the whole command and its output, unless it exited 0. */
        public Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("command failed: " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return String.join(" ", argv) + "\n  exit " + exitCode + " after " + elapsed.toMillis()
                    + " ms\n  stdout: " + stdout.strip() + "\n  stderr: " + stderr.strip();
        }
    }

    /** Runs argv to completion (exit and EOF on both pipes) within timeout; a hang fails the test. */
    public static Result run(Duration timeout, String stdin, Path dir, List<String> argv) {
        try (Running r = start(stdin, dir, argv)) {
            return r.await(timeout);
        }
    }

    /** Starts argv in the background; closing the handle kills what is left of it. */
    public static Running start(String stdin, Path dir, List<String> argv) {
        return new Running(stdin, dir, argv);
    }

    /** A started command. */
    public static final class Running implements AutoCloseable {
        private final List<String> argv;
        private final Process process;
        private final long startNanos = System.nanoTime();
        private final CompletableFuture<String> stdout;
        private final CompletableFuture<String> stderr;

        private Running(String stdin, Path dir, List<String> argv) {
            this.argv = List.copyOf(argv);
            List<String> command = new ArrayList<>();
            command.add("setsid");
            command.addAll(argv);
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            }
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + argv, e);
            }
            if (stdin != null) {
                Thread.ofVirtual().start(() -> feed(process.getOutputStream(), stdin));
            }
            stdout = drain(process.getInputStream());
            stderr = drain(process.getErrorStream());
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Processes started by this command that are still attached to it. */
        public List<ProcessHandle> descendants() {
            return process.descendants().toList();
        }

        @Override
        public String toString() {
            return String.join(" ", argv);
        }

        /**
         * Waits for the exit and for EOF on stdout and stderr. A command that outlives the
         * timeout, or exits while something it started still holds its pipes, fails the test:
         * callers such as podman and libvirt read to EOF and would hang the same way.
         */
        public Result await(Duration timeout) {
            long deadline = startNanos + timeout.toNanos();
            try {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    close();
                    throw new AssertionError("timed out after " + timeout.toSeconds() + " s: "
                            + String.join(" ", argv) + "\n  output so far: " + partial());
                }
                int exit = process.exitValue();
                String out;
                String err;
                try {
                    out = stdout.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    err = stderr.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError("exited " + exit + " but its stdout/stderr stayed open"
                            + " (a process left behind holds them): " + String.join(" ", argv));
                }
                return new Result(argv, exit, out, err, Duration.ofNanos(System.nanoTime() - startNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            } catch (ExecutionException e) {
                throw new AssertionError("reading output of " + argv, e);
            }
        }

        private String partial() {
            return "stdout: " + stdout.getNow("(open)") + " stderr: " + stderr.getNow("(open)");
        }

        /** Kills, by PID, the command and every descendant still attached to it. */
        @Override
        public void close() {
            if (!process.isAlive()) {
                return;
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void feed(OutputStream in, String text) {
            try (in) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the command closed its stdin early: what it read is what the test checks
            }
        }

        private static CompletableFuture<String> drain(InputStream in) {
            CompletableFuture<String> result = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (in) {
                    result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    result.completeExceptionally(e);
                }
            });
            return result;
        }
    }
}

package io.jpasst.engine.runtime.lifecycle;

import io.jpasst.engine.runtime.log.Log;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Proc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The moment start-up is over: the PID file is written and, for a background process, the
 * launcher is told we are ready and the caller's descriptors are let go.
 *
 * <p>A JVM cannot fork() to daemonise. Instead bin/pasta starts us on a private pipe and
 * relays our output until it reads {@link #MARK}; then it exits 0, which is what podman and
 * libvirt wait for. Right after the mark we start a new session and point stdin, stdout and
 * stderr at /dev/null, so nothing we hold keeps the caller's pipes open.
 */
public final class Readiness {
    /** The line bin/pasta waits for (it starts with a control character no message has). */
    public static final String MARK = "\u0001jpasst-ready";

    private Readiness() {}

    /** Whether the launcher started us in the background (and waits for {@link #MARK}). */
    public static boolean daemon() {
        return Boolean.getBoolean("jpasst.daemon");
    }

    public static void announce(Path pidFile) throws IOException {
        if (pidFile != null) {
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        }
        if (!daemon()) {
            return;
        }
        Proc.setsid();
        System.out.println(MARK);
        System.out.flush();
        Log.detachConsole();
        int devNull = Fd.open("/dev/null", Fd.O_RDWR | Fd.O_CLOEXEC, 0);
        if (devNull >= 0) {
            Fd.dup2(devNull, 0);
            Fd.dup2(devNull, 1);
            Fd.dup2(devNull, 2);
            Fd.close(devNull);
        }
    }
}

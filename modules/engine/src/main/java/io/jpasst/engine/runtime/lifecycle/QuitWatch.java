package io.jpasst.engine.runtime.lifecycle;

import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.control.ns.NetnsTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ends the process when what it serves is gone: the bound namespace file was removed (or
 * replaced), or the target process exited. Nobody stops a per-container pasta: it has to
 * notice by itself, within seconds. A one-second timer is the whole mechanism: unlike an
 * inotify watch it cannot silently fail for lack of watches.
 */
public final class QuitWatch {
    private static final long PERIOD_NS = 1_000_000_000L;

    private final Path path;
    private final Object identity;
    private final Runnable quit;

    private QuitWatch(Path path, Runnable quit) throws IOException {
        this.path = path;
        this.identity = identity(path);
        this.quit = quit;
    }

    /** Watches {@code target} from {@code loop}; nothing to watch for a namespace we created. */
    public static void install(EventLoop loop, NetnsTarget target, Runnable quit) throws IOException {
        Path path = switch (target) {
            case NetnsTarget.Fresh f -> null;
            case NetnsTarget.File f -> Path.of(f.path());
            case NetnsTarget.Process p -> Path.of("/proc/" + p.pid());
        };
        if (path != null) {
            QuitWatch watch = new QuitWatch(path, quit);
            loop.every(PERIOD_NS, now -> watch.check());
        }
    }

    private void check() {
        Object now;
        try {
            now = identity(path);
        } catch (IOException e) {
            now = null;
        }
        if (now == null || !now.equals(identity)) {
            Log.info("Namespace " + path + " is gone, exiting");
            quit.run();
        }
    }

    /** Device and inode: a netns file that was unmounted but not removed changes inode. */
    private static Object identity(Path p) throws IOException {
        if (!Files.exists(p)) {
            return null;
        }
        return Files.getAttribute(p, "unix:dev") + ":" + Files.getAttribute(p, "unix:ino");
    }
}

package io.jpasst.engine.runtime.app;

import sun.misc.Signal;

/**
 * Signal dispositions. SIGTERM is how podman and libvirt stop us: it ends the loop, and the
 * process exits 0 as the C tools do. With a spawned command, SIGINT from the terminal is the
 * command's business: the command gets it too, and we end when the command does.
 */
final class Signals {
    private Signals() {}

    static void onTerminate(Runnable action) {
        Signal.handle(new Signal("TERM"), s -> action.run());
    }

    static void ignoreInterrupt() {
        Signal.handle(new Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
    }
}

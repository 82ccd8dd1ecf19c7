package io.jpasst.engine.app;

import io.jpasst.engine.conf.Config;

/** passt's start-up: the qemu socket backend is not in this build yet. */
public final class Passt {
    private Passt() {}

    public static int run(Config config) {
        throw new UnsupportedOperationException("passt mode is not available in this build yet");
    }
}

package io.jpasst.engine.runtime.app;

/** The version both tools report. */
public final class Version {
    public static final String VERSION = "0.1.0";

    private Version() {}
}

package io.jpasst.engine.control.conf;

/** Which tool is running: the mode decides defaults and which options exist. */
public enum Mode {
    /** Guest side is a UNIX domain socket a hypervisor connects to. */
    PASST,
    /** Guest side is a tap device in a network namespace. */
    PASTA;

    /** The program name used as prefix of every message. */
    public String toolName() {
        return this == PASST ? "passt" : "pasta";
    }
}

package io.jpasst.engine.control.conf;

/**
 * A configuration the tool refuses. The message is one complete line meant for the user,
 * without the program-name prefix, e.g. {@code Invalid MTU: 99999}.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null, false, false); // no stack trace: this is user input, not a bug
    }
}

package io.jpasst.engine.control.conf;

/**
 * Checks of single option arguments shared by {@link ConfigBuilder} and
 * {@link PastaNamespaceOptions}: each returns the value or throws a one-line
 * {@link ConfigException} naming it.
 */
final class OptionValues {
    static final int IFNAMSIZ = 16;
    static final int PATH_MAX = 4096;
    static final int UNIX_PATH_MAX = 108;
    static final int MAX_DOMAIN_NAME = 253;

    private OptionValues() {
    }

    /** Base 10 even with leading zeros (a PID is never octal); -1 when too large. */
    static long parseDecimal(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String ifname(String name) {
        if (name.isEmpty() || name.length() >= IFNAMSIZ || name.indexOf('/') >= 0) {
            throw new ConfigException("Invalid interface name: " + name);
        }
        return name;
    }

    static String path(String path, int max, String error) {
        if (path.isEmpty() || path.length() >= max) {
            throw new ConfigException(error + ": " + path);
        }
        return path;
    }

    static String domainName(String name, String error) {
        if (name.isEmpty() || name.length() > MAX_DOMAIN_NAME) {
            throw new ConfigException(error + ": " + name);
        }
        return name;
    }
}

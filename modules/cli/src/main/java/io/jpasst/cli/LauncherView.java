package io.jpasst.cli;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.conf.PastaConfig;
import java.util.function.UnaryOperator;

/**
 * Checks what bin/pasta concluded from the command line against what the parser made of it.
 * The launcher picks the user namespace and decides whether to detach before the JVM starts,
 * scanning the options with a table generated from {@link CliOption} ({@link LauncherTable});
 * should the two ever read a command line differently, running on would put pasta in the
 * wrong namespace, so the JVM refuses with one line instead.
 *
 * <p>The launcher passes its conclusions as {@code -Djpasst.launcher.*} properties; without
 * them (tests, a JVM started by hand) there is nothing to check.
 */
final class LauncherView {
    static final String PREFIX = "jpasst.launcher.";

    private LauncherView() {}

    /** The first disagreement as one line, or null if there is none or no launcher spoke. */
    static String mismatch(Config config, UnaryOperator<String> properties) {
        if (properties.apply(PREFIX + "netns") == null) {
            return null;
        }
        PastaConfig pasta = config.pasta();
        String[][] pairs = {
            {"direct", "0"}, // the launcher saw --help, --version or an error the parser did not
            {"netns", pasta.netns().orElse("")},
            {"userns", pasta.userns().orElse("")},
            {"netns-only", flag(pasta.netnsOnly())},
            {"foreground", flag(config.log().foreground())},
            {"runas", config.runas().orElse("")},
            {"pid", pasta.targetPid().isPresent() ? Integer.toString(pasta.targetPid().getAsInt()) : ""},
            {"command", flag(!pasta.command().isEmpty())},
        };
        for (String[] p : pairs) {
            String seen = properties.apply(PREFIX + p[0]);
            if (!p[1].equals(seen)) {
                return "the launcher read the command line differently (" + p[0] + ": launcher '" + seen
                        + "', parser '" + p[1] + "'); please report this command line";
            }
        }
        return null;
    }

    private static String flag(boolean b) {
        return b ? "1" : "0";
    }
}

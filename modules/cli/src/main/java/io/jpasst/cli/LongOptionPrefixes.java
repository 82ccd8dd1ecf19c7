package io.jpasst.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Expands abbreviated long options ({@code --fore} for {@code --foreground}) as getopt_long
 * does: an exact name wins, otherwise a prefix of exactly one option's name is that option,
 * and a prefix shared by several options is an error. picocli's own abbreviation scheme
 * matches differently, so this runs on the raw arguments first, up to the first operand.
 */
final class LongOptionPrefixes {
    /** A prefix that names more than one option; the message is getopt's. */
    static final class AmbiguousOptionException extends Exception {
        private static final long serialVersionUID = 1L;

        AmbiguousOptionException(String message) {
            super(message, null, false, false);
        }
    }

    private LongOptionPrefixes() {}

    static String[] expand(String[] args) throws AmbiguousOptionException {
        String[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            String arg = out[i];
            if (arg.equals("--") || !arg.startsWith("-") || arg.equals("-")) {
                break; // end of options, as with '+' in getopt's option string
            }
            if (!arg.startsWith("--")) {
                i += shortClusterConsumesNext(arg) ? 1 : 0;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            CliOption option = resolve(name);
            if (option == null) {
                continue; // unknown: picocli reports it
            }
            String full = namesOf(option, name);
            out[i] = eq < 0 ? full : full + arg.substring(eq);
            if (option.takesArgument() && eq < 0) {
                i++;
            }
        }
        return out;
    }

    /** The option {@code name} designates, or null if none; throws if several do. */
    private static CliOption resolve(String name) throws AmbiguousOptionException {
        List<String> candidates = new ArrayList<>();
        CliOption owner = null;
        boolean several = false;
        for (CliOption o : CliOption.values()) {
            for (String n : o.longNames()) {
                if (n.equals(name)) {
                    return o;
                }
                if (name.length() > 2 && n.startsWith(name)) {
                    candidates.add(n);
                    several |= owner != null && owner != o;
                    owner = o;
                }
            }
        }
        if (several) {
            StringBuilder msg = new StringBuilder("option '").append(name).append("' is ambiguous; possibilities:");
            for (String c : candidates) {
                msg.append(" '").append(c).append('\'');
            }
            throw new AmbiguousOptionException(msg.toString());
        }
        return owner;
    }

    /** The long name of {@code option} that {@code typed} abbreviates (an alias stays an alias). */
    private static String namesOf(CliOption option, String typed) {
        for (String n : option.longNames()) {
            if (n.startsWith(typed)) {
                return n;
            }
        }
        return option.longName();
    }

    /** Whether a short cluster ends with an option whose value is the next argument. */
    private static boolean shortClusterConsumesNext(String cluster) {
        for (int i = 1; i < cluster.length(); i++) {
            String name = "-" + cluster.charAt(i);
            for (CliOption o : CliOption.values()) {
                if (name.equals(o.shortName()) && o.takesArgument()) {
                    return i == cluster.length() - 1;
                }
            }
        }
        return false;
    }
}

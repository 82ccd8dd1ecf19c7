package io.jpasst.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a malformed command line in glibc getopt's words, as one line on stderr, exit 1:
 * no usage dump, no picocli wording. Callers (podman) match on these exact texts.
 */
final class GetoptErrorHandler implements CommandLine.IParameterExceptionHandler {
    private final String tool;
    private final PrintWriter err;

    GetoptErrorHandler(String tool, PrintWriter err) {
        this.tool = tool;
        this.err = err;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        err.println(tool + ": " + message(ex, args));
        err.flush();
        return 1;
    }

    /** The getopt-style text, without the program-name prefix. */
    static String message(ParameterException ex, String[] args) {
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            return unknown(unmatched.getUnmatched().get(0));
        }
        if (ex instanceof MissingParameterException && args.length > 0) {
            // picocli ends options at "--" even right after an option that needs a value
            int last = args.length - 1;
            while (last > 0 && args[last].equals("--")) {
                last--;
            }
            return missingArgument(args[last]);
        }
        String flagWithValue = flagGivenValue(args);
        if (flagWithValue != null) {
            return "option '" + flagWithValue + "' doesn't allow an argument";
        }
        return ex.getMessage().lines().findFirst().orElse("invalid command line");
    }

    private static String unknown(String arg) {
        if (arg.startsWith("--")) {
            return "unrecognized option '" + arg + "'";
        }
        return "invalid option -- '" + firstUnknownShort(arg) + "'";
    }

    /** In a cluster such as {@code -dqZ}, the first letter that is no option. */
    private static char firstUnknownShort(String cluster) {
        for (int i = 1; i < cluster.length(); i++) {
            CliOption known = byShortName(cluster.charAt(i));
            if (known == null) {
                return cluster.charAt(i);
            }
            if (known.takesArgument()) {
                break; // the rest is its argument, so the cluster itself was fine
            }
        }
        return cluster.length() > 1 ? cluster.charAt(1) : '-';
    }

    /** The last argument is the option that ran out of input: long or (last of a) short cluster. */
    private static String missingArgument(String last) {
        if (last.startsWith("--")) {
            return "option '" + last + "' requires an argument";
        }
        return "option requires an argument -- '" + last.charAt(last.length() - 1) + "'";
    }

    /** {@code --debug=x}: a flag given a value, which picocli reports in its own words. */
    private static String flagGivenValue(String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return null;
            }
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                continue;
            }
            String name = arg.substring(0, eq);
            for (CliOption o : CliOption.values()) {
                if (!o.takesArgument() && List.of(o.longNames()).contains(name)) {
                    return name;
                }
            }
        }
        return null;
    }

    private static CliOption byShortName(char c) {
        String name = "-" + c;
        for (CliOption o : CliOption.values()) {
            if (name.equals(o.shortName())) {
                return o;
            }
        }
        return null;
    }
}

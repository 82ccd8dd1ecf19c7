package io.jpasst.cli;

import io.jpasst.engine.control.conf.Mode;
import java.io.PrintWriter;

/** The {@code --help} text, generated from {@link CliOption} so every option is listed. */
final class Usage {
    private static final int NAME_COLUMN = 34;

    private Usage() {}

    static void print(Mode mode, PrintWriter out) {
        String tool = mode.toolName();
        if (mode == Mode.PASTA) {
            out.println("Usage: pasta [OPTION]... [COMMAND [ARG]...]");
            out.println("       pasta [OPTION]... PID");
            out.println("       pasta [OPTION]... --netns PATH|NAME");
            out.println();
            out.println("Connect a network namespace to the host's network through a tap device.");
            out.println("With neither PID nor --netns, create new user and network namespaces and");
            out.println("run COMMAND (default: a shell) inside them.");
        } else {
            out.println("Usage: passt [OPTION]...");
            out.println();
            out.println("Give a virtual machine the host's network through a UNIX domain socket");
            out.println("carrying Ethernet frames, each preceded by its 32-bit length.");
        }
        out.println();
        out.println("Options:");
        section(mode, out, CliOption.Availability.BOTH);
        out.println();
        out.println(tool + "-only options:");
        section(mode, out, mode == Mode.PASST ? CliOption.Availability.PASST : CliOption.Availability.PASTA);
        out.println();
        out.println("SPEC for -t/-u" + (mode == Mode.PASTA ? "/-T/-U" : "") + ": 'none', "
                + (mode == Mode.PASTA ? "'auto' (default)" : "'all'") + ", or [[ADDR][%IFNAME]/]ITEM[,ITEM]...");
        out.println("  with ITEM = [~]FIRST[-LAST][:TARGET[-TARGETLAST]]; '~' excludes ports,");
        out.println("  exclusions alone mean every other port. Example: -t 22,8080-8090:80-90,~8085");
        out.println();
        out.println("jpasst re-implements passt and pasta in Java; see " + tool + "(1).");
        out.flush();
    }

    private static void section(Mode mode, PrintWriter out, CliOption.Availability which) {
        for (CliOption o : CliOption.values()) {
            if (o.availability() != which || !o.availability().includes(mode)) {
                continue;
            }
            StringBuilder names = new StringBuilder("  ");
            names.append(o.shortName() == null ? "    " : o.shortName() + ", ");
            names.append(String.join(", ", o.longNames()));
            if (o.takesArgument()) {
                names.append(' ').append(o.argLabel());
            }
            if (names.length() >= NAME_COLUMN) {
                out.println(names);
                names.setLength(0);
            }
            names.append(" ".repeat(NAME_COLUMN - names.length())).append(o.help());
            out.println(names);
        }
    }
}

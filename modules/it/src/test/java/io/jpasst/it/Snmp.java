package io.jpasst.it;

import java.util.Arrays;
import java.util.List;

/** Counters of /proc/net/snmp (per network namespace), read from its text. */
final class Snmp {
    private Snmp() {}

    /** TCP segments with RST the kernel sent (the {@code Tcp: OutRsts} column). */
    static long outRsts(String snmp) {
        return value(snmp, "Tcp:", "OutRsts");
    }

    /** The named column of the two lines (names, then values) that start with {@code prefix}. */
    static long value(String snmp, String prefix, String name) {
        List<String> lines = snmp.lines().filter(l -> l.startsWith(prefix + " ")).toList();
        if (lines.size() < 2) {
            throw new AssertionError("no " + prefix + " lines in " + snmp);
        }
        int column = Arrays.asList(lines.get(0).split("\\s+")).indexOf(name);
        if (column < 0) {
            throw new AssertionError("no " + name + " in " + lines.get(0));
        }
        return Long.parseLong(lines.get(1).split("\\s+")[column]);
    }
}

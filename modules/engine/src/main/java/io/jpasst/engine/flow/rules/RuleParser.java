package io.jpasst.engine.flow.rules;

import io.jpasst.engine.control.conf.ConfigException;
import java.util.BitSet;

/**
 * Reads one forwarding specifier, the argument of {@code -t}, {@code -u}, {@code -T} or
 * {@code -U} (pasta, passt and pesto alike), into rules added to (or deleted from) a table.
 *
 * <p>Grammar: {@code none}, or {@code [ADDR|*][%IFNAME]/}{@code CHUNK[,CHUNK]...} where a chunk
 * is {@code all[:TADDR]}, {@code auto}, {@code ~FIRST[-LAST]} or
 * {@code FIRST[-LAST][:TADDR/TFIRST[-TLAST] | :TADDR | :TFIRST[-TLAST]]}. Exclusions cut every
 * range of the specifier; {@code auto} marks all its rules as following the target side's
 * bound ports. Without an included range the specifier means every non-ephemeral port, best
 * effort. {@code -T/-U} listen on the namespace's loopback: bound to {@code lo}, or where the
 * interface cannot be bound to, on 127.0.0.1 and ::1.
 */
public final class RuleParser {
    private static final int PORTS = 65536;

    private final int ephemeralFirst;
    private final int ephemeralLast;

    /** @param ephemeralFirst first port of the range the kernel hands out (left out of "all") */
    public RuleParser(int ephemeralFirst, int ephemeralLast) {
        this.ephemeralFirst = ephemeralFirst;
        this.ephemeralLast = ephemeralLast;
    }

    /** With the running kernel's ephemeral range. */
    public static RuleParser forThisHost() {
        io.jpasst.engine.control.conf.PortRange r = io.jpasst.engine.flow.fwd.ListenerPlan.ephemeralPorts();
        return new RuleParser(r.first(), r.last());
    }

    /**
     * Adds (or with {@code delete}, removes) the rules of {@code spec}, given to option
     * {@code option} (one of {@code tuTU}), to {@code table}.
     *
     * @throws ConfigException naming the problem, for bad syntax, conflicts or missing rules
     */
    public void parse(char option, boolean delete, String spec, RuleTable table) {
        int proto = option == 't' || option == 'T' ? Rule.TCP : Rule.UDP;
        boolean outbound = option == 'T' || option == 'U';
        if (spec.equals("none")) {
            for (Rule r : table.rules()) {
                if (r.proto() == proto) {
                    throw new ConfigException("-" + option + " none conflicts with previous options");
                }
            }
            return;
        }
        int start = 0;
        byte[] addr = null;
        String ifname = "";
        int slash = prefixEnd(spec);
        if (slash >= 0) {
            if (outbound) {
                throw new ConfigException("Listening address not allowed for -" + option + " " + spec);
            }
            String prefix = spec.substring(0, slash);
            int pct = prefix.indexOf('%');
            String a = pct < 0 ? prefix : prefix.substring(0, pct);
            if (pct >= 0) {
                ifname = prefix.substring(pct + 1);
                if (ifname.isEmpty() || ifname.length() >= Rule.IFNAMSIZ) {
                    throw bad(option, spec);
                }
                if (ifname.equals(".") || ifname.equals("..")) {
                    throw new ConfigException("Invalid interface name: " + ifname);
                }
            }
            if (!a.isEmpty() && !a.equals("*")) {
                addr = Literals.address(a);
                if (addr == null) {
                    throw bad(option, spec);
                }
            }
            start = slash + 1;
        }
        String ports = spec.substring(start);
        if (outbound) {
            if (!table.can(RuleTable.CAP_IFNAME)) {
                if (table.can(RuleTable.CAP_IPV4)) {
                    ports(table, delete, option, proto, Addresses.LOOPBACK4, "", ports);
                }
                if (table.can(RuleTable.CAP_IPV6)) {
                    ports(table, delete, option, proto, Addresses.LOOPBACK6, "", ports);
                }
                return;
            }
            ifname = "lo";
        }
        if (addr == null && !table.can(RuleTable.CAP_IPV4)) {
            addr = Addresses.ANY6;
        } else if (addr == null && !table.can(RuleTable.CAP_IPV6)) {
            addr = Addresses.ANY4;
        }
        if (!ifname.isEmpty() && !table.can(RuleTable.CAP_IFNAME)) {
            throw new ConfigException("Device binding for '-" + option + " " + spec + "' unsupported (requires kernel 5.7+)");
        }
        ports(table, delete, option, proto, addr, ifname, ports);
    }

    /**
     * Index of the '/' ending an {@code [ADDR|*][%IFNAME]} prefix, or -1 when there is none: a
     * '/' may also be part of a target ({@code 5000:192.0.2.5/6000}), so the text before it
     * must read as a listening address.
     */
    private static int prefixEnd(String spec) {
        int pct = spec.indexOf('%');
        int slash = spec.indexOf('/', Math.max(pct, 0));
        if (slash < 0) {
            return -1;
        }
        String a = spec.substring(0, pct >= 0 ? pct : slash);
        return a.isEmpty() || a.equals("*") || Literals.address(a) != null || pct >= 0 ? slash : -1;
    }

    private void ports(RuleTable table, boolean delete, char option, int proto, byte[] addr, String ifname, String spec) {
        BitSet exclude = new BitSet(PORTS);
        int flags = 0;
        String[] chunks = spec.split(",", -1);
        Chunk[] parsed = new Chunk[chunks.length];
        for (int i = 0; i < chunks.length; i++) {
            parsed[i] = Chunk.parse(chunks[i]);
            if (parsed[i] == null) {
                throw bad(option, spec);
            }
            if (parsed[i].kind == Chunk.AUTO) {
                if (!table.can(RuleTable.CAP_SCAN)) {
                    throw new ConfigException("'auto' port forwarding is only allowed for pasta");
                }
                flags |= Rule.SCAN;
            } else if (parsed[i].kind == Chunk.EXCLUDE) {
                exclude.set(parsed[i].first, parsed[i].last + 1);
            }
        }
        boolean excludeOnly = true;
        byte[] allTarget = Addresses.ANY6;
        for (Chunk ch : parsed) {
            if (ch.kind == Chunk.ALL) {
                allTarget = ch.taddr;
            } else if (ch.kind == Chunk.INCLUDE) {
                excludeOnly = false;
                if (ch.tlast - ch.tfirst != ch.last - ch.first) {
                    throw bad(option, spec);
                }
                rangeExcept(table, delete, proto, addr, ifname, ch.first, ch.last, exclude, ch.taddr, ch.tfirst, flags);
            }
        }
        if (excludeOnly) {
            exclude.set(ephemeralFirst, ephemeralLast + 1);
            rangeExcept(table, delete, proto, addr, ifname, 1, PORTS - 1, exclude, allTarget, 1, flags | Rule.WEAK);
        }
    }

    /** One rule per run of ports in {@code first..last} that {@code exclude} leaves. */
    private static void rangeExcept(RuleTable table, boolean delete, int proto, byte[] addr, String ifname,
                                    int first, int last, BitSet exclude, byte[] taddr, int tfirst, int flags) {
        int f = addr == null ? flags | Rule.DUAL_STACK_ANY : flags;
        byte[] a = addr == null ? Addresses.ANY6 : addr;
        for (int base = exclude.nextClearBit(first); base <= last; base = exclude.nextClearBit(base)) {
            int end = Math.min(exclude.nextSetBit(base) < 0 ? last : exclude.nextSetBit(base) - 1, last);
            Rule r = new Rule(a, taddr, ifname, base, end, base + tfirst - first, proto, f);
            int rc = delete ? table.delete(r) : table.add(r);
            if (rc < 0) {
                throw new ConfigException(table.lastError() + "; unable to " + (delete ? "delete" : "add") + " rule " + r);
            }
            base = end + 1;
        }
    }

    /** The one line for a specifier that does not parse, with a port out of range named. */
    private static ConfigException bad(char option, String spec) {
        String why = "";
        for (String digits : spec.split("[^0-9]+")) {
            if (!digits.isEmpty() && (digits.length() > 5 || Integer.parseInt(digits) > 65535)) {
                why = ": port " + digits + " out of range";
                break;
            }
        }
        return new ConfigException("Invalid port specifier for -" + option + " '" + spec + "'" + why);
    }

    /** One comma-separated piece of the ports part. */
    private record Chunk(int kind, int first, int last, byte[] taddr, int tfirst, int tlast) {
        static final int ALL = 0;
        static final int AUTO = 1;
        static final int EXCLUDE = 2;
        static final int INCLUDE = 3;

        static Chunk parse(String s) {
            if (s.equals("auto")) {
                return new Chunk(AUTO, 0, 0, Addresses.ANY6, 0, 0);
            }
            if (s.equals("all")) {
                return new Chunk(ALL, 0, 0, Addresses.ANY6, 0, 0);
            }
            if (s.startsWith("all:")) {
                byte[] t = Literals.address(s.substring(4));
                return t == null ? null : new Chunk(ALL, 0, 0, t, 0, 0);
            }
            if (s.startsWith("~")) {
                int[] r = Literals.range(s.substring(1));
                return r == null ? null : new Chunk(EXCLUDE, r[0], r[1], Addresses.ANY6, 0, 0);
            }
            int colon = s.indexOf(':');
            int[] r = Literals.range(colon < 0 ? s : s.substring(0, colon));
            if (r == null) {
                return null;
            }
            if (colon < 0) {
                return new Chunk(INCLUDE, r[0], r[1], Addresses.ANY6, r[0], r[1]);
            }
            String target = s.substring(colon + 1);
            int slash = target.lastIndexOf('/');
            if (slash >= 0) { // TADDR/TPORTS
                byte[] t = Literals.address(target.substring(0, slash));
                int[] tr = Literals.range(target.substring(slash + 1));
                return t == null || tr == null ? null : new Chunk(INCLUDE, r[0], r[1], t, tr[0], tr[1]);
            }
            byte[] t = Literals.address(target);
            if (t != null) { // target address only, same ports
                return new Chunk(INCLUDE, r[0], r[1], t, r[0], r[1]);
            }
            int[] tr = Literals.range(target);
            return tr == null ? null : new Chunk(INCLUDE, r[0], r[1], Addresses.ANY6, tr[0], tr[1]);
        }
    }
}

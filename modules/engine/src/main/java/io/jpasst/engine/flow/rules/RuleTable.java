package io.jpasst.engine.flow.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * The forwarding rules of one interface, in order, with what that interface can do
 * ({@code caps}). Rules may not conflict (see {@link Rule#conflictsWith}), so at most one rule
 * matches a packet and the order only matters for listings.
 *
 * <p>Kept as parallel primitive arrays of a fixed capacity: {@link #find} walks them without
 * allocating, and {@link #add}, {@link #delete} and {@link #clear} of ready-made rules allocate
 * nothing either, so neither a lookup per new flow nor a change at run time creates garbage.
 * Not thread-safe: one owner (the event loop, or the pesto client).
 */
public final class RuleTable {
    public static final int CAP_IPV4 = 1;
    public static final int CAP_IPV6 = 2;
    public static final int CAP_TCP = 4;
    public static final int CAP_UDP = 8;
    public static final int CAP_SCAN = 16;
    public static final int CAP_IFNAME = 32;
    /** Rules per table: what an 8-bit rule index can name. */
    public static final int MAX_RULES = 255;

    private final int caps;
    private final Rule[] rules = new Rule[MAX_RULES];
    private final int[] proto = new int[MAX_RULES];
    private final int[] first = new int[MAX_RULES];
    private final int[] last = new int[MAX_RULES];
    private final int[] to = new int[MAX_RULES];
    /** Listening address, -1 in {@code kind} for any of either family. */
    private final long[] hi = new long[MAX_RULES];
    private final long[] lo = new long[MAX_RULES];
    /** Target address (IPv4 mapped), all zero when the rule has none. */
    private final long[] thi = new long[MAX_RULES];
    private final long[] tlo = new long[MAX_RULES];
    /** 0: exactly hi/lo; 4: any IPv4; 6: any IPv6; -1: any address (dual stack). */
    private final int[] kind = new int[MAX_RULES];
    private int count;
    private String lastError;

    public RuleTable(int caps) {
        this.caps = caps;
    }

    public int caps() {
        return caps;
    }

    public boolean can(int cap) {
        return (caps & cap) == cap;
    }

    public int size() {
        return count;
    }

    public Rule get(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException(i);
        }
        return rules[i];
    }

    public List<Rule> rules() {
        List<Rule> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(rules[i]);
        }
        return out;
    }

    /** Why the last {@link #add} or {@link #delete} failed. */
    public String lastError() {
        return lastError;
    }

    public void clear() {
        java.util.Arrays.fill(rules, 0, count, null);
        count = 0;
    }

    /** Replaces this table's rules with {@code other}'s (caps stay). */
    public void copyFrom(RuleTable other) {
        clear();
        for (int i = 0; i < other.count; i++) {
            store(i, other.rules[i]);
        }
        count = other.count;
    }

    /**
     * The index of the rule forwarding {@code port} of {@code protocol} that arrived on the
     * address {@code addrHi:addrLo} (IPv4 mapped), or -1.
     */
    public int find(int protocol, long addrHi, long addrLo, int port) {
        boolean v4 = addrHi == 0 && addrLo >>> 32 == 0xffffL;
        for (int i = 0; i < count; i++) {
            if (proto[i] == protocol && port >= first[i] && port <= last[i]) {
                int k = kind[i];
                if (k < 0 || (k == 4 && v4) || (k == 6 && !v4) || (k == 0 && hi[i] == addrHi && lo[i] == addrLo)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Where rule {@code i} sends {@code port}. */
    public int targetPort(int i, int port) {
        return to[i] + port - first[i];
    }

    /** Whether rule {@code i} names a target address (else: the guest's, or the namespace's). */
    public boolean hasTarget(int i) {
        return thi[i] != 0 || (tlo[i] != 0 && tlo[i] != 0xffff_0000_0000L);
    }

    /** High 64 bits of rule {@code i}'s target address (0 for IPv4). */
    public long targetHi(int i) {
        return thi[i];
    }

    /** Low 64 bits of rule {@code i}'s target address; for IPv4, {@code ::ffff:a.b.c.d}. */
    public long targetLo(int i) {
        return tlo[i];
    }

    /** Checks {@code r} against what this interface can do and the rules present; 0 or -errno. */
    public int add(Rule r) {
        String why = invalid(r);
        if (why == null) {
            for (int i = 0; i < count; i++) {
                if (r.conflictsWith(rules[i])) {
                    lastError = "Forwarding configuration conflict: " + r + " versus " + rules[i];
                    return -17; // EEXIST
                }
            }
            if (count >= MAX_RULES) {
                lastError = "Too many rules (maximum " + MAX_RULES + ")";
                return -28; // ENOSPC
            }
            store(count++, r);
            return 0;
        }
        lastError = why;
        return -22; // EINVAL
    }

    /** Removes the rule equal to {@code r}; 0, -ENOENT, or -EINVAL when {@code r} only overlaps one. */
    public int delete(Rule r) {
        for (int i = 0; i < count; i++) {
            if (rules[i].equals(r)) {
                for (int j = i; j < count - 1; j++) {
                    store(j, rules[j + 1]);
                }
                rules[--count] = null;
                return 0;
            }
            if (r.conflictsWith(rules[i])) {
                lastError = "Specifier " + r + " conflicts with rule " + rules[i] + ", but doesn't match it, can't delete";
                return -22;
            }
        }
        lastError = "Couldn't find forwarding rule to delete: " + r;
        return -2; // ENOENT
    }

    private void store(int i, Rule r) {
        rules[i] = r;
        proto[i] = r.proto();
        first[i] = r.first();
        last[i] = r.last();
        to[i] = r.to();
        byte[] a = r.addrRef();
        hi[i] = half(a, 0);
        lo[i] = half(a, 8);
        thi[i] = half(r.taddrRef(), 0);
        tlo[i] = half(r.taddrRef(), 8);
        kind[i] = r.dualStackAny() ? -1 : !Addresses.isUnspecified(a) ? 0 : Addresses.isV4(a) ? 4 : 6;
    }

    /** Same capabilities and the same rules in the same order (configurations compare so). */
    @Override
    public boolean equals(Object o) {
        return o instanceof RuleTable t && t.caps == caps && t.rules().equals(rules());
    }

    @Override
    public int hashCode() {
        return caps * 31 + rules().hashCode();
    }

    @Override
    public String toString() {
        return rules().toString();
    }

    private static long half(byte[] a, int from) {
        long v = 0;
        for (int b = from; b < from + 8; b++) {
            v = v << 8 | (a[b] & 0xff);
        }
        return v;
    }

    private String invalid(Rule r) {
        if (r.first() > r.last() || r.last() > 65535) {
            return "Rule has invalid port range " + r.first() + "-" + r.last();
        }
        if (r.first() == 0) {
            return "Forwarding rule attempts to map from port 0";
        }
        if (r.to() == 0 || r.to() + r.last() - r.first() > 65535) {
            return "Forwarding rule attempts to map to port 0";
        }
        if ((r.flags() & ~(Rule.WEAK | Rule.SCAN | Rule.DUAL_STACK_ANY)) != 0) {
            return "Rule has invalid flags 0x" + Integer.toHexString(r.flags());
        }
        byte[] a = r.addrRef();
        if (r.dualStackAny()) {
            if (!java.util.Arrays.equals(a, Addresses.ANY6)) {
                return "Dual stack rule has non-wildcard address " + Addresses.text(a);
            }
            if (!can(CAP_IPV4) || !can(CAP_IPV6)) {
                return "Dual stack forward, but IPv" + (can(CAP_IPV4) ? 6 : 4) + " not enabled";
            }
        } else if (!can(Addresses.isV4(a) ? CAP_IPV4 : CAP_IPV6)) {
            return "IPv" + (Addresses.isV4(a) ? 4 : 6) + " forward, but IPv" + (Addresses.isV4(a) ? 4 : 6) + " not enabled";
        }
        if (r.proto() != Rule.TCP && r.proto() != Rule.UDP) {
            return "Unsupported protocol " + r.proto() + " for forwarding rule";
        }
        if (!can(r.proto() == Rule.TCP ? CAP_TCP : CAP_UDP)) {
            return "Can't add " + (r.proto() == Rule.TCP ? "TCP" : "UDP") + " forwarding rule, "
                    + (r.proto() == Rule.TCP ? "TCP" : "UDP") + " not enabled";
        }
        if (r.ifname().length() >= Rule.IFNAMSIZ) {
            return "Invalid interface name: " + r.ifname();
        }
        if (r.hasTarget()) {
            byte[] t = r.taddrRef();
            if (Addresses.isMulticast(t)) {
                return "Multicast target address " + Addresses.text(t) + " for forwarding rule";
            }
            if (r.dualStackAny()) {
                return "Dual stack forward to " + Addresses.text(t) + " unsupported: did you mean "
                        + (Addresses.isV4(t) ? "0.0.0.0" : "[::]") + "/... instead?";
            }
            if (Addresses.isV4(a) != Addresses.isV4(t)) {
                return "Forward from " + Addresses.text(a) + " to " + Addresses.text(t) + " crosses IP versions";
            }
        }
        return null;
    }
}

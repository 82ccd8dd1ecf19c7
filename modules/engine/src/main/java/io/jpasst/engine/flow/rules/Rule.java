package io.jpasst.engine.flow.rules;

import java.util.Arrays;

/**
 * One forwarding rule: the ports {@code first..last} of protocol {@code proto} arriving on
 * address {@code addr} (and interface {@code ifname}, "" for any) go to {@code to + (port -
 * first)} on the other side, at {@code taddr} (all zero: wherever that side's default is).
 *
 * <p>Addresses are 16 bytes, IPv4 as IPv4-mapped IPv6, as on the wire. A rule with
 * {@link #DUAL_STACK_ANY} matches any address of either family; its {@code addr} is all zero.
 * Immutable: the arrays are copied in and never handed out.
 */
public record Rule(byte[] addr, byte[] taddr, String ifname, int first, int last, int to, int proto, int flags) {
    public static final int TCP = 6;
    public static final int UDP = 17;
    /** Matches any address of either family ({@code addr} is ::). */
    public static final int DUAL_STACK_ANY = 1;
    /** Ports that cannot be bound are skipped, as long as one can. */
    public static final int WEAK = 2;
    /** Only ports bound on the target side are forwarded ({@code auto}). */
    public static final int SCAN = 4;
    public static final int IFNAMSIZ = 16;

    public Rule {
        if (addr.length != 16 || taddr.length != 16) {
            throw new IllegalArgumentException("addresses are 16 bytes");
        }
        addr = addr.clone();
        taddr = taddr.clone();
    }

    /** The listening address, a copy. */
    @Override
    public byte[] addr() {
        return addr.clone();
    }

    /** The target address, a copy (all zero: none given). */
    @Override
    public byte[] taddr() {
        return taddr.clone();
    }

    /** The listening address itself, for this package's allocation-free checks: never modified. */
    byte[] addrRef() {
        return addr;
    }

    /** The target address itself, as {@link #addrRef}. */
    byte[] taddrRef() {
        return taddr;
    }

    public boolean dualStackAny() {
        return (flags & DUAL_STACK_ANY) != 0;
    }

    public boolean hasTarget() {
        return !Addresses.isUnspecified(taddr);
    }

    /** Where {@code port} (within the rule) goes. */
    public int targetOf(int port) {
        return to + (port - first);
    }

    /** Same protocol, addresses that can match the same packet, overlapping ports. */
    public boolean conflictsWith(Rule o) {
        return proto == o.proto && Addresses.overlap(dualStackAny() ? null : addr, o.dualStackAny() ? null : o.addr)
                && first <= o.last && o.first <= last;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rule r && first == r.first && last == r.last && to == r.to && proto == r.proto
                && flags == r.flags && ifname.equals(r.ifname) && Arrays.equals(addr, r.addr)
                && Arrays.equals(taddr, r.taddr);
    }

    @Override
    public int hashCode() {
        return ((Arrays.hashCode(addr) * 31 + first) * 31 + last) * 31 + proto;
    }

    /** The listing form pesto prints, e.g. {@code TCP [*]%lo:22-80  =>  32-90 (best effort)}. */
    @Override
    public String toString() {
        return RuleText.format(this);
    }
}

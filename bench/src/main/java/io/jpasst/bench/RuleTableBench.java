package io.jpasst.bench;

import io.jpasst.engine.flow.rules.Addresses;
import io.jpasst.engine.flow.rules.Rule;
import io.jpasst.engine.flow.rules.RuleTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The forwarding rule table: the lookup a new flow makes (a rule that matches, and a port no
 * rule forwards), and a run-time change as pesto makes one (a rule deleted and added again).
 * 32 rules of both protocols and address kinds: dual-stack wildcard, an IPv4 address, an IPv6
 * wildcard.
 */
@State(Scope.Thread)
public class RuleTableBench extends DataPathBench {
    private static final int RULES = 32;
    private static final long V4_HI = 0;
    private static final long V4_LO = 0xffff_c000_0201L; // ::ffff:192.0.2.1

    private RuleTable table;
    private Rule changed;
    private int next;

    @Setup
    public void setUp() {
        table = new RuleTable(0x3f);
        for (int i = 0; i < RULES; i++) {
            int first = 1000 + 100 * i;
            int kind = i % 3;
            byte[] addr = kind == 0 ? Addresses.ANY6 : kind == 1 ? Addresses.mapped(0xc000_0201) : Addresses.ANY6;
            int flags = kind == 0 ? Rule.DUAL_STACK_ANY : 0;
            if (kind == 2) {
                addr = Addresses.LOOPBACK6;
            }
            Rule r = new Rule(addr, Addresses.ANY6, "", first, first + 49, first + 10000, i % 2 == 0 ? Rule.TCP : Rule.UDP, flags);
            if (table.add(r) != 0) {
                throw new IllegalStateException(table.lastError());
            }
        }
        changed = table.get(RULES / 2);
    }

    private int port() {
        int i = next;
        next = i + 1 == RULES ? 0 : i + 1;
        return 1000 + 100 * i + 25;
    }

    @Benchmark
    public int lookupHit() {
        int port = port();
        int i = table.find((port - 1000) / 100 % 2 == 0 ? Rule.TCP : Rule.UDP, V4_HI, V4_LO, port);
        return i < 0 ? -1 : table.targetPort(i, port);
    }

    /** A port between the rules' ranges: every rule is looked at. */
    @Benchmark
    public int lookupMiss() {
        return table.find(Rule.TCP, V4_HI, V4_LO, port() + 50);
    }

    @Benchmark
    public int deleteAndAdd() {
        return table.delete(changed) + table.add(changed);
    }
}

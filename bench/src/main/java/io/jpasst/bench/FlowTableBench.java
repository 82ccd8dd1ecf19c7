package io.jpasst.bench;

import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.packet.ip.Ipv4;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The flow table as the data path uses it: a lookup per packet (hit for an established flow,
 * miss for a new one) and an insert or remove per connection. The table is three-quarters
 * full of TCP/IPv4 flows from one guest to many remote endpoints, so probe chains are as long
 * as a busy table makes them.
 */
@State(Scope.Thread)
public class FlowTableBench extends DataPathBench {
    private static final int CAPACITY = 4096;
    private static final int FLOWS = 3072;
    private static final int PROTO = Ipv4.PROTO_TCP;

    private FlowTable table;
    private int next;

    @Setup
    public void setUp() {
        table = new FlowTable(CAPACITY);
        for (int i = 0; i < FLOWS; i++) {
            table.insert(PROTO, 0, GuestFrames.GUEST4, guestPort(i), 0, remote(i), 443);
        }
    }

    /** Guest ports 32768 up, one per flow; remotes spread over a /20. */
    private static int guestPort(int i) {
        return 32768 + i;
    }

    private static long remote(int i) {
        return Integer.toUnsignedLong(GuestFrames.REMOTE4 + (i & 0xfff));
    }

    private int advance() {
        int i = next;
        next = i + 1 == FLOWS ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public int lookupHit() {
        int i = advance();
        return table.lookup(PROTO, 0, GuestFrames.GUEST4, guestPort(i), 0, remote(i), 443);
    }

    /** A key not in the table (another remote port): what a new connection's first packet costs. */
    @Benchmark
    public int lookupMiss() {
        int i = advance();
        return table.lookup(PROTO, 0, GuestFrames.GUEST4, guestPort(i), 0, remote(i), 80);
    }

    /** A new flow into the busy table and out again: one short connection. */
    @Benchmark
    public int insertRemove() {
        int i = advance();
        int flow = table.insert(PROTO, 0, GuestFrames.GUEST4, guestPort(i), 0, remote(i), 80);
        table.remove(flow);
        return flow;
    }

    /** An established flow removed and its key inserted again: churn that moves probe chains. */
    @Benchmark
    public int removeInsert() {
        int i = advance();
        table.remove(table.lookup(PROTO, 0, GuestFrames.GUEST4, guestPort(i), 0, remote(i), 443));
        return table.insert(PROTO, 0, GuestFrames.GUEST4, guestPort(i), 0, remote(i), 443);
    }
}

package io.jpasst.engine.flow.fwd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.flow.rules.RuleParser;
import io.jpasst.engine.flow.rules.RuleTable;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.sys.Sock;
import java.net.ServerSocket;
import java.util.BitSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code auto} following a port that cannot be bound: not retried on every scan, but when the
 * port leaves the scanned set and comes back, and every {@link Listeners#RETRY_FAILED_EVERY}
 * updates. A real socket holds the port, then lets it go.
 */
class ListenersTest {
    private final EventLoop loop = new EventLoop((type, t, n) -> { });
    private final Listeners listeners = new Listeners(loop, null, Side.HOST, Sock.SOCK_STREAM,
            EventType.TCP_LISTEN, true, false, everyPortAuto());
    private final BitSet wanted = new BitSet();

    /** {@code -t 1-65535,auto}: the test's ports are ephemeral ones, which plain auto leaves out. */
    private static RuleTable everyPortAuto() {
        RuleTable t = new RuleTable(RuleTable.CAP_IPV4 | RuleTable.CAP_TCP | RuleTable.CAP_SCAN);
        new RuleParser(32768, 60999).parse('t', false, "1-65535,auto", t);
        return t;
    }

    @AfterEach
    void close() {
        listeners.close();
        loop.close();
    }

    /** A port that another socket held during one update, then released; not yet bound by us. */
    private int portThatFailedOnce() throws Exception {
        int port;
        try (ServerSocket holder = new ServerSocket(0)) {
            port = holder.getLocalPort();
            wanted.set(port);
            listeners.update(wanted);
            assertFalse(listeners.isBound(port), "held by another socket");
        }
        return port;
    }

    @Test
    void aFailedPortIsNotRetriedOnTheNextScans() throws Exception {
        int port = portThatFailedOnce();
        for (int i = 0; i < Listeners.RETRY_FAILED_EVERY / 2; i++) {
            listeners.update(wanted);
        }
        assertFalse(listeners.isBound(port), "retried although the scan result did not change");
    }

    @Test
    void aFailedPortIsRetriedWhenItGoesAndComesBack() throws Exception {
        int port = portThatFailedOnce();
        wanted.clear(port);
        listeners.update(wanted);
        wanted.set(port);
        listeners.update(wanted);
        assertTrue(listeners.isBound(port), "a port that reappears is tried afresh");
    }

    @Test
    void aFailedPortIsRetriedAtALowRate() throws Exception {
        int port = portThatFailedOnce();
        for (int i = 0; i < Listeners.RETRY_FAILED_EVERY && !listeners.isBound(port); i++) {
            listeners.update(wanted);
        }
        assertTrue(listeners.isBound(port), "retried within " + Listeners.RETRY_FAILED_EVERY + " updates");
    }
}

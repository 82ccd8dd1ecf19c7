package io.jpasst.engine.proto.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdlePolicyTest {
    static final long S = 1_000_000_000L;

    @Test
    void defaultsAreThirtySecondsOneWayAndThreeMinutesBothWays() {
        IdlePolicy p = IdlePolicy.fromSystemProperties();
        assertEquals(30 * S, p.oneWayNs());
        assertEquals(180 * S, p.bothWaysNs());
    }

    @Test
    void oneWayFlowExpiresAfterItsTimeoutOnly() {
        IdlePolicy p = new IdlePolicy(30 * S, 180 * S);
        long last = 1_000 * S;
        assertFalse(p.expired(last + 30 * S, last, false));
        assertTrue(p.expired(last + 30 * S + 1, last, false));
        assertFalse(p.expired(last + 179 * S, last, true));
        assertTrue(p.expired(last + 181 * S, last, true));
    }

    @Test
    void comparesAcrossNanoTimeWraparound() {
        IdlePolicy p = new IdlePolicy(30 * S, 180 * S);
        long last = Long.MAX_VALUE - 10 * S;
        assertFalse(p.expired(last + 20 * S, last, false));
        assertTrue(p.expired(last + 31 * S, last, false));
    }

    @Test
    void scanPeriodStaysWithinBounds() {
        assertEquals(5 * S, new IdlePolicy(30 * S, 180 * S).scanPeriodNs());
        assertEquals(S / 3, new IdlePolicy(S, S).scanPeriodNs());
        assertEquals(50_000_000L, new IdlePolicy(1_000_000L, 1_000_000L).scanPeriodNs());
    }
}

package io.jpasst.it;

import static io.jpasst.it.Topology.HOST_IF;
import static io.jpasst.it.Topology.HOST_V4;
import static io.jpasst.it.Topology.REMOTE_V4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The bridge itself: a guest namespace behind it is passt's guest, both ways. */
class PasstGuestBridgeTest extends PasstTestBase {

    @Test
    void udhcpcInTheGuestNamespaceGetsPasstsLease() {
        LeaseRecorder lease = new LeaseRecorder(topology, "udhcpc");
        try (PasstGuestBridge guest = PasstGuestBridge.attach(topology, listening("lease", "-1"))) {
            Proc.Result run = guest.run(TIMEOUT, null, "ip link set " + HOST_IF + " up && busybox udhcpc -i "
                    + HOST_IF + " -n -q -f -s " + lease.script()).assertSuccess();
            Map<String, String> vars = lease.lastLease(run);
            assertEquals("bound", vars.get("event"), vars::toString);
            assertEquals(HOST_V4, vars.get("ip"), vars::toString);
        }
    }

    @Test
    void configuredGuestPingsTheRemoteAndPasstQuitsWhenTheGuestLeaves() {
        try (PasstGuestBridge guest = PasstGuestBridge.attach(topology, listening("ping", "-1"))) {
            Proc.Result run = guest.configureLikeHost().run(TIMEOUT, null, "ping -c 2 -W 2 " + REMOTE_V4)
                    .assertSuccess();
            assertTrue(run.stdout().matches("(?s).* [12] received.*"), run::toString);
        }
        assertTrue(daemonExits(Duration.ofSeconds(10)), "passt -1 still runs after the guest left");
    }
}

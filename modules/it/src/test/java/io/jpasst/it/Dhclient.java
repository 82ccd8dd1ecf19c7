package io.jpasst.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * dhclient run in the foreground ({@code -d}) as a child of the test's script, never as a
 * daemon: a daemonised dhclient outlives its namespace when the script ends early (failure,
 * timeout) and {@code dhclient -x} never runs. The script stops it by PID once the lease is
 * recorded; {@link #close()} kills it by the PID the script wrote, if it still runs.
 */
final class Dhclient implements AutoCloseable {
    private final LeaseRecorder lease;
    private final Path files;
    private final Path pidFile;

    Dhclient(Topology topology, String name) {
        lease = new LeaseRecorder(topology, name);
        files = topology.work().resolve(name);
        pidFile = topology.work().resolve(name + ".child.pid");
    }

    LeaseRecorder lease() {
        return lease;
    }

    /**
     * Shell lines: start {@code dhclient -d -1 family ifname}, wait up to 20 s for an event
     * whose name starts with event (BOUND, BOUND6), stop it; succeeds if one came.
     */
    String script(String family, String ifname, String event) {
        String bound = "grep -q '^event=" + event + "' " + lease.record();
        return "dhclient -d -1 " + family + " -sf " + lease.script() + " -lf " + files + ".leases -pf " + files
                + ".pid " + ifname + " 2>/dev/null & d=$!; echo $d > " + pidFile + "; "
                + PastaTestBase.waitUntil(bound + " || ! kill -0 $d 2>/dev/null", 20)
                + "kill $d 2>/dev/null; wait $d; " + bound;
    }

    @Override
    public void close() throws IOException {
        if (Files.exists(pidFile)) {
            String pid = Files.readString(pidFile).strip();
            if (!pid.isEmpty()) {
                // Only if that PID is still our dhclient, not a process that reused it.
                ProcessHandle.of(Long.parseLong(pid))
                        .filter(p -> p.info().command().orElse("").endsWith("dhclient"))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}

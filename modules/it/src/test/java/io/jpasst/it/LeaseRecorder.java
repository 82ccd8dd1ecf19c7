package io.jpasst.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DHCP client hook script (udhcpc {@code -s}, dhclient {@code -sf}) that appends the
 * environment the client hands it to a file, so a test can read the lease exactly as the
 * client understood it. It configures nothing: the tests check what pasta offered.
 */
final class LeaseRecorder {
    private final Path script;
    private final Path record;

    LeaseRecorder(Topology topology, String name) {
        record = topology.work().resolve(name + ".env");
        script = topology.writeExecutable(name + ".sh", "#!/bin/sh\n"
                + "# $1 is udhcpc's event; dhclient passes $reason instead\n"
                + "echo \"event=${1:-$reason}\" >> " + record + "\n"
                + "env >> " + record + "\n");
    }

    Path script() {
        return script;
    }

    /** The file the script appends to. */
    Path record() {
        return record;
    }

    /**
     * The variables of the last event recorded (later events override earlier ones); run is
     * the pasta run the client ran in, shown when there is no lease.
     */
    Map<String, String> lastLease(Proc.Result run) {
        Map<String, String> vars = new LinkedHashMap<>();
        try {
            if (!Files.exists(record)) {
                throw new AssertionError("the DHCP client never ran its script, no lease recorded: " + run);
            }
            for (String line : Files.readAllLines(record)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    vars.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return vars;
    }
}

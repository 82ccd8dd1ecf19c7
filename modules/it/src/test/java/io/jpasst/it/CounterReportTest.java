package io.jpasst.it;

import static io.jpasst.it.Topology.HOST_IF;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The drop counters are visible: after garbage frames from the guest, SIGUSR1 makes a running
 * pasta print one line with the frame total and the non-zero drop reasons (even a quiet pasta,
 * one that runs a command), and a debugging pasta prints it again when it exits.
 */
class CounterReportTest extends PastaTestBase {
    private static final int FRAMES = 500;
    private static final Pattern LINE = Pattern.compile(
            "counters: (\\d+) frames, (\\d+) handler failures, (\\d+) drops(?:: (.*))?");

    /** Sends garbage, lets pasta read it, then signals pasta (the script's parent). */
    private static String garbageThenSignal() {
        return "ip link set " + HOST_IF + " up && python3 " + MalformedFramesTest.sender() + " " + HOST_IF + " "
                + FRAMES + " && sleep 1 && kill -USR1 $PPID && sleep 1";
    }

    @Test
    void sigusr1PrintsTheCountersOfARunningPasta() {
        JpasstOnly.assume();
        Proc.Result run = inPasta(null, List.of(), garbageThenSignal()).assertSuccess();
        int sent = Integer.parseInt(run.stdout().lines().findFirst().orElse("0").strip());
        assertTrue(sent >= FRAMES * 9 / 10, () -> "only " + sent + " frames sent: " + run);
        Matcher m = only(run.stderr(), run);
        assertTrue(Long.parseLong(m.group(1)) >= sent, () -> "frames counted: " + run);
        assertTrue(Long.parseLong(m.group(3)) > 0, () -> "no drops counted: " + run);
        String reasons = m.group(4);
        assertTrue(reasons != null && reasons.matches("([A-Z_]+=[1-9][0-9]* ?)+"),
                () -> "only non-zero reasons, by name: " + reasons);
        long sum = 0;
        for (String r : reasons.split(" ")) {
            sum += Long.parseLong(r.substring(r.indexOf('=') + 1));
        }
        assertTrue(sum == Long.parseLong(m.group(3)), () -> "reasons add up to the total: " + run);
    }

    @Test
    void aDebuggingPastaPrintsTheCountersAtExit() {
        JpasstOnly.assume();
        Proc.Result run = inPasta(null, List.of("-d"), "ip link set " + HOST_IF + " up && python3 "
                + MalformedFramesTest.sender() + " " + HOST_IF + " 50 && sleep 1").assertSuccess();
        assertTrue(LINE.matcher(run.stderr()).find(), () -> "no counters line at exit: " + run);
    }

    @Test
    void aQuietPastaPrintsNothingUnasked() {
        Proc.Result run = inPasta(null, List.of(), "ip link set " + HOST_IF + " up && sleep 0.5").assertSuccess();
        assertFalse(run.stderr().contains("counters:"), () -> "unexpected report: " + run);
    }

    private static Matcher only(String stderr, Proc.Result run) {
        Matcher m = LINE.matcher(stderr);
        assertTrue(m.find(), () -> "no counters line: " + run);
        assertFalse(LINE.matcher(stderr).region(m.end(), stderr.length()).find(),
                () -> "one report per signal: " + run);
        return m;
    }
}

package io.jpasst.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcTest {
    @Test
    void identityMatchesTheJvm() {
        assertEquals(ProcessHandle.current().pid(), Proc.getpid());
        assertTrue(Proc.getuid() >= 0 && Proc.geteuid() >= 0 && Proc.getgid() >= 0 && Proc.getegid() >= 0);
    }

    @Test
    void signalZeroProbesProcesses() {
        assertEquals(0, Proc.kill(Proc.getpid(), 0));
        assertEquals(-Errno.ESRCH, Proc.kill(Integer.MAX_VALUE, 0));
    }

    @Test
    void pidfdOfSelfIsPollable() {
        int fd = Proc.pidfdOpen(Proc.getpid(), 0);
        assertTrue(fd >= 0, Errno.describe(fd));
        Fd.close(fd);
    }

    @Test
    void prctlRoundTrip() {
        int before = Proc.prctl(Proc.PR_GET_DUMPABLE, 0, 0, 0, 0);
        assertTrue(before >= 0);
        assertEquals(-Errno.EINVAL, Proc.prctl(-1, 0, 0, 0, 0));
    }

    @Test
    void capabilitiesAndLimits() {
        Caps.Sets sets = Caps.get();
        assertEquals(sets.effective(), sets.effective() & sets.permitted(), "effective is within permitted");
        if (Proc.geteuid() == 0) {
            assertTrue(sets.hasEffective(Caps.CAP_NET_ADMIN));
        }
        Rlimits.Limit before = Rlimits.get(Rlimits.RLIMIT_NOFILE);
        long soft = Rlimits.raiseNofileToMax();
        assertEquals(before.hard(), soft);
        assertEquals(soft, Rlimits.get(Rlimits.RLIMIT_NOFILE).soft());
    }

    @Test
    void waitidReportsChildExit() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "exit 3").start();
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            var info = arena.allocate(Proc.SIGINFO_SIZE);
            int pid = (int) p.pid();
            // WNOWAIT: leave the zombie for the JVM's own reaper thread
            int r;
            do {
                r = Proc.waitid(Proc.P_PID, pid, info, 0, Proc.WEXITED | Proc.WNOWAIT);
            } while (r == -Errno.EINTR);
            if (r == -Errno.ECHILD) {
                return; // the JVM reaped it first: nothing left to observe
            }
            assertEquals(0, r);
            assertEquals(pid, info.get(java.lang.foreign.ValueLayout.JAVA_INT, Proc.SI_PID_OFF));
            assertEquals(Proc.CLD_EXITED, info.get(java.lang.foreign.ValueLayout.JAVA_INT, Proc.SI_CODE_OFF));
            assertEquals(3, info.get(java.lang.foreign.ValueLayout.JAVA_INT, Proc.SI_STATUS_OFF));
        } finally {
            p.waitFor();
        }
    }
}

package io.jpasst.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class ScmRightsTest {
    @Test
    void passedDescriptorReachesTheSamePipe() {
        long sp = Sock.socketpair(Sock.AF_UNIX, Sock.SOCK_STREAM | Sock.SOCK_CLOEXEC, 0);
        long pipe = Fd.pipe2(Fd.O_CLOEXEC | Fd.O_NONBLOCK);
        assertTrue(sp >= 0 && pipe >= 0);
        int received = -1;
        try (Arena arena = Arena.ofConfined()) {
            ScmRights.sendFd(Fd.first(sp), Fd.second(pipe));
            received = ScmRights.recvFd(Fd.second(sp));
            assertNotEquals(Fd.second(pipe), received, "a new descriptor number");
            assertTrue((Fd.fcntl(received, Fd.F_GETFD, 0) & Fd.FD_CLOEXEC) != 0);
            MemorySegment b = arena.allocate(4);
            assertEquals(4, Fd.write(received, b, 0, 4));
            assertEquals(4, Fd.read(Fd.first(pipe), b, 0, 4), "written through the passed fd");
            // plain data without rights is rejected
            assertEquals(4, Sock.send(Fd.first(sp), b, 0, 4, 0));
            SysException e = assertThrows(SysException.class, () -> ScmRights.recvFd(Fd.second(sp)));
            assertEquals(Errno.EBADMSG, e.errno());
        } finally {
            for (int fd : new int[] {Fd.first(sp), Fd.second(sp), Fd.first(pipe), Fd.second(pipe), received}) {
                Fd.close(fd);
            }
        }
    }
}

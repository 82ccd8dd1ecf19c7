package io.jpasst.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class FdTest {
    @Test
    void pipeRoundTripAtOffsets() {
        long pair = Fd.pipe2(Fd.O_CLOEXEC | Fd.O_NONBLOCK);
        assertTrue(pair >= 0, Errno.describe((int) pair));
        int r = Fd.first(pair);
        int w = Fd.second(pair);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(64);
            for (int i = 0; i < 64; i++) {
                out.set(ValueLayout.JAVA_BYTE, i, (byte) i);
            }
            assertEquals(10, Fd.write(w, out, 20, 10));
            MemorySegment in = arena.allocate(64);
            assertEquals(10, Fd.read(r, in, 5, 30));
            for (int i = 0; i < 10; i++) {
                assertEquals(20 + i, in.get(ValueLayout.JAVA_BYTE, 5 + i));
            }
            assertEquals(-Errno.EAGAIN, Fd.read(r, in, 0, 64), "empty non-blocking pipe");
        } finally {
            assertEquals(0, Fd.close(r));
            assertEquals(0, Fd.close(w));
        }
    }

    @Test
    void failuresReturnNegatedErrno() {
        assertEquals(-Errno.EBADF, Fd.close(-1));
        assertEquals(-Errno.ENOENT, Fd.open("/nonexistent/jpasst", Fd.O_RDONLY, 0));
        assertEquals("EBADF", Errno.name(-Errno.EBADF));
        assertEquals("EAGAIN", Errno.name(Errno.EWOULDBLOCK));
        assertEquals("Bad file descriptor", Errno.message(Errno.EBADF));
    }

    @Test
    void regionsAreBoundsChecked() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(16);
            assertThrows(IndexOutOfBoundsException.class, () -> Fd.write(1, s, 8, 9));
            assertThrows(IllegalArgumentException.class, () -> Fd.write(1, MemorySegment.ofArray(new byte[4]), 0, 4));
        }
    }

    @Test
    void splicesBetweenPipesAndReportsQueuedBytes() {
        long a = Fd.pipe2(Fd.O_NONBLOCK);
        long b = Fd.pipe2(Fd.O_NONBLOCK);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(32);
            assertEquals(32, Fd.write(Fd.second(a), buf, 0, 32));
            assertEquals(32, Fd.ioctlInt(Fd.first(a), Tun.SIOCINQ), "FIONREAD on a pipe");
            assertEquals(32, Fd.splice(Fd.first(a), Fd.second(b), 64, Fd.SPLICE_F_NONBLOCK));
            assertEquals(32, Fd.read(Fd.first(b), buf, 0, 32));
            assertTrue(Fd.fcntl(Fd.first(a), Fd.F_SETPIPE_SZ, 1 << 20) >= 1 << 20);
        } finally {
            for (long p : new long[] {a, b}) {
                Fd.close(Fd.first(p));
                Fd.close(Fd.second(p));
            }
        }
    }
}

package io.jpasst.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InotifyTest {
    @Test
    void reportsDeletionOfAWatchedFile(@TempDir Path dir) throws Exception {
        Path f = Files.createFile(dir.resolve("netns"));
        int fd = Inotify.init(Inotify.IN_NONBLOCK | Inotify.IN_CLOEXEC);
        assertTrue(fd >= 0);
        try (Arena arena = Arena.ofConfined()) {
            int wd = Inotify.addWatch(fd, dir.toString(), Inotify.IN_DELETE);
            assertTrue(wd >= 0, Errno.describe(wd));
            assertEquals(-Errno.ENOENT, Inotify.addWatch(fd, dir.resolve("missing").toString(), Inotify.IN_DELETE));
            MemorySegment buf = arena.allocate(4096, 8);
            assertEquals(-Errno.EAGAIN, Fd.read(fd, buf, 0, 4096));
            Files.delete(f);
            long n = Fd.read(fd, buf, 0, 4096);
            assertTrue(n >= Inotify.EVENT_SIZE, "read " + n);
            assertEquals(wd, buf.get(ValueLayout.JAVA_INT, Inotify.WD_OFF));
            assertEquals(Inotify.IN_DELETE, buf.get(ValueLayout.JAVA_INT, Inotify.MASK_OFF));
            assertEquals("netns", buf.getString(Inotify.EVENT_SIZE));
        } finally {
            Fd.close(fd);
        }
    }
}

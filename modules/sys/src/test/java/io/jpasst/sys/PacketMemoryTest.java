package io.jpasst.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketMemoryTest {
    private static final long SIZE = 4L << 20;

    @Test
    void mappedZeroFilledWritableAndTouchedOnlyWhereWritten() throws Exception {
        MemorySegment seg = PacketMemory.map(SIZE, "jpasst-test");
        assertEquals(SIZE, seg.byteSize());
        assertEquals(0, seg.address() % 4096, "page-aligned");
        assertEquals(0L, seg.get(ValueLayout.JAVA_LONG, SIZE - 8));
        seg.set(ValueLayout.JAVA_LONG, 0, 42L);
        seg.set(ValueLayout.JAVA_LONG, 8192, 43L);
        assertEquals(42L, seg.get(ValueLayout.JAVA_LONG, 0));
        // Reading the last page maps the shared zero page, writing two pages backs two.
        assertTrue(residentKib(seg.address()) <= 16, residentKib(seg.address()) + " KiB resident");
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> PacketMemory.map(0, "x"));
    }

    /** Rss of the mapping that starts at {@code address}, from /proc/self/smaps. */
    private static long residentKib(long address) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/smaps"));
        String start = Long.toHexString(address);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start + "-")) {
                for (int j = i + 1; j < lines.size(); j++) {
                    if (lines.get(j).startsWith("Rss:")) {
                        return Long.parseLong(lines.get(j).replaceAll("[^0-9]", ""));
                    }
                }
            }
        }
        throw new AssertionError("mapping at " + start + " not in smaps");
    }
}

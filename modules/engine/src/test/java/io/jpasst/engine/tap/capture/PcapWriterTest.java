package io.jpasst.engine.tap.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jpasst.sys.Errno;
import io.jpasst.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file format byte for byte, record order, and what happens to a file already there. */
class PcapWriterTest {
    @TempDir
    Path dir;

    private static MemorySegment native_(byte[] bytes, int at) {
        MemorySegment seg = Arena.ofAuto().allocate(at + bytes.length + 16, 8);
        MemorySegment.copy(bytes, 0, seg, ValueLayout.JAVA_BYTE, at, bytes.length);
        return seg;
    }

    @Test
    void fileHeaderIsByteExact() throws Exception {
        Path file = dir.resolve("h.pcap");
        try (PcapWriter w = PcapWriter.create(file.toString())) {
            // created before the first frame arrives
        }
        ByteBuffer want = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder());
        want.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(65535).putInt(1);
        assertArrayEquals(want.array(), Files.readAllBytes(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void recordsFollowInOrderWithTheirTimestampsAndLengths() throws Exception {
        Path file = dir.resolve("r.pcap");
        byte[] a = new byte[60];
        byte[] b = new byte[1514];
        Arrays.fill(a, (byte) 0xaa);
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        try (PcapWriter w = PcapWriter.create(file.toString())) {
            assertEquals(0, w.record(native_(a, 3), 3, a.length, 1_700_000_000_123_456L));
            assertEquals(0, w.record(native_(b, 0), 0, b.length, 1_700_000_001_000_001L));
        }
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(24 + 16 + 60 + 16 + 1514, bytes.length);
        ByteBuffer first = ByteBuffer.wrap(bytes, 24, 16).order(ByteOrder.nativeOrder());
        assertEquals(1_700_000_000, first.getInt());
        assertEquals(123_456, first.getInt());
        assertEquals(60, first.getInt());
        assertEquals(60, first.getInt());
        PcapFile read = PcapFile.read(file);
        assertEquals(2, read.records().size());
        assertArrayEquals(a, read.records().get(0).frame());
        assertArrayEquals(b, read.records().get(1).frame());
        assertEquals(1_700_000_001L, read.records().get(1).seconds());
        assertEquals(1, read.records().get(1).micros());
    }

    @Test
    void anExistingFileIsReplaced() throws Exception {
        Path file = dir.resolve("old.pcap");
        Files.write(file, new byte[4096]);
        try (PcapWriter w = PcapWriter.create(file.toString())) {
            assertEquals(0, w.record(native_(new byte[14], 0), 0, 14, 0));
        }
        assertEquals(24 + 16 + 14, Files.size(file));
    }

    @Test
    void aFileThatCannotBeCreatedIsReported() {
        SysException e = assertThrows(SysException.class,
                () -> PcapWriter.create(dir.resolve("missing/x.pcap").toString()));
        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void badRangesAndHeapFramesAreRefusedNotThrown() throws Exception {
        try (PcapWriter w = PcapWriter.create(dir.resolve("bad.pcap").toString())) {
            MemorySegment seg = native_(new byte[64], 0);
            assertEquals(-Errno.EINVAL, w.record(seg, 70, 20, 0));
            assertEquals(-Errno.EINVAL, w.record(seg, -1, 20, 0));
            assertEquals(-Errno.EINVAL, w.record(MemorySegment.ofArray(new byte[64]), 0, 64, 0));
        }
        assertEquals(24, Files.size(dir.resolve("bad.pcap")));
    }
}

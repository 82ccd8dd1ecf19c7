package io.jpasst.engine.tap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A capture file read back by the tests: the checked file header, then every record. */
record PcapFile(List<Record> records) {
    record Record(long seconds, long micros, int caplen, int len, byte[] frame) {}

    static PcapFile read(Path path) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.nativeOrder());
        assertEquals(0xa1b2c3d4, b.getInt(), "magic (host order)");
        assertEquals(2, b.getShort(), "major version");
        assertEquals(4, b.getShort(), "minor version");
        assertEquals(0, b.getInt(), "thiszone");
        assertEquals(0, b.getInt(), "sigfigs");
        assertEquals(65535, b.getInt(), "snaplen");
        assertEquals(1, b.getInt(), "LINKTYPE_ETHERNET");
        List<Record> records = new ArrayList<>();
        while (b.hasRemaining()) {
            long sec = Integer.toUnsignedLong(b.getInt());
            long usec = Integer.toUnsignedLong(b.getInt());
            int caplen = b.getInt();
            int len = b.getInt();
            byte[] frame = new byte[caplen];
            b.get(frame);
            records.add(new Record(sec, usec, caplen, len, frame));
        }
        return new PcapFile(records);
    }
}

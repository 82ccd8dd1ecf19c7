package io.jpasst.engine.proto.l2;

import static io.jpasst.engine.proto.l2.TestFrames.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainNamesTest {
    @Test
    void rfc3397ExampleCompresses() {
        // RFC 3397 section 2: eng.apple.com and marketing.apple.com
        assertArrayEquals(hex("03656e67056170706c6503636f6d00" + "096d61726b6574696e67c004"),
                DomainNames.encodeCompressed(List.of("eng.apple.com", "marketing.apple.com"), 255));
    }

    @Test
    void plainListHasNoPointers() {
        assertArrayEquals(hex("01610162 00" + "0163 0162 00"), DomainNames.encodeList(List.of("a.b", "c.b.")));
    }

    @Test
    void compressedListDropsNamesBeyondTheLimit() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            names.add("domain" + i + ".test" + i + ".example");
        }
        byte[] b = DomainNames.encodeCompressed(names, 255);
        assertEquals(true, b.length <= 255 && b.length > 200);
    }

    @Test
    void identicalAndNestedNamesBecomePointers() {
        assertArrayEquals(hex("0162 0163 00" + "c000" + "0161 c000"),
                DomainNames.encodeCompressed(List.of("b.c", "b.c", "a.b.c"), 255));
    }

    @Test
    void rejectsBadLabels() {
        assertThrows(IllegalArgumentException.class, () -> DomainNames.encode("a..b"));
        assertThrows(IllegalArgumentException.class, () -> DomainNames.encode("x".repeat(64) + ".com"));
        assertArrayEquals(new byte[] {0}, DomainNames.encode("."));
    }
}

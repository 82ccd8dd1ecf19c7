package io.jpasst.sys;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntropyTest {
    @Test
    void valuesComeFromTheKernelAndDiffer() {
        Set<Long> seen = new HashSet<>();
        long ored = 0;
        for (int i = 0; i < 64; i++) {
            long v = Entropy.nextLong();
            seen.add(v);
            ored |= v;
        }
        assertTrue(seen.size() == 64, "repeated values: " + seen);
        assertTrue(ored == -1L, "some bit never set in 64 values: " + Long.toHexString(ored));
    }
}

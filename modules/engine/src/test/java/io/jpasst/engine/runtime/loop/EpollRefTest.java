package io.jpasst.engine.runtime.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EpollRefTest {
    @Test
    void roundTripsEveryField() {
        int[] types = {0, 1, EventType.COUNT - 1, EpollRef.MAX_TYPE};
        int[] fds = {0, 3, 65535, EpollRef.MAX_FD};
        int[] indices = {0, 1, 131071, -1, Integer.MIN_VALUE, Integer.MAX_VALUE};
        for (int type : types) {
            for (int fd : fds) {
                for (int index : indices) {
                    long ref = EpollRef.of(type, fd, index);
                    assertEquals(type, EpollRef.type(ref));
                    assertEquals(fd, EpollRef.fd(ref));
                    assertEquals(index, EpollRef.index(ref));
                }
            }
        }
    }

    @Test
    void rejectsWhatDoesNotFit() {
        assertThrows(IllegalArgumentException.class, () -> EpollRef.of(256, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> EpollRef.of(-1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> EpollRef.of(0, EpollRef.MAX_FD + 1, 0));
        assertThrows(IllegalArgumentException.class, () -> EpollRef.of(0, -1, 0));
    }
}

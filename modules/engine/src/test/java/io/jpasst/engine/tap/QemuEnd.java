package io.jpasst.engine.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Sock;
import java.io.ByteArrayOutputStream;

/** qemu's side of a passt stream in tests: one end of a real socketpair, and its framing. */
public final class QemuEnd {
    private QemuEnd() {}

    /** Starts {@code stream} on {@code loop}, gives it one end of a fresh socketpair; returns the other. */
    public static int connect(PasstStream stream, EventLoop loop, DropCounters drops, Runnable onClientGone) {
        long pair = Sock.socketpair(Sock.AF_UNIX, Sock.SOCK_STREAM | Sock.SOCK_CLOEXEC, 0);
        assertTrue(pair >= 0);
        stream.start(loop, drops, onClientGone);
        assertEquals(0, stream.attach(Fd.first(pair)));
        return Fd.second(pair);
    }

    /** A frame of len bytes whose content says which frame it is and where each byte sits. */
    public static byte[] frame(int index, int len) {
        byte[] f = new byte[len];
        for (int i = 0; i < len; i++) {
            f[i] = (byte) (index * 31 + i);
        }
        return f;
    }

    /** The frames as the stream carries them: each behind its 4-byte big-endian length. */
    public static byte[] wire(byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            out.write(f.length >>> 24);
            out.write(f.length >>> 16);
            out.write(f.length >>> 8);
            out.write(f.length);
            out.writeBytes(f);
        }
        return out.toByteArray();
    }
}

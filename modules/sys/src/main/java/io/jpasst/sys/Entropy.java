package io.jpasst.sys;

import io.jpasst.sys.gen.process.process_h;
import java.lang.foreign.ValueLayout;

/**
 * Random numbers for secrets (hash keys) straight from the kernel, getrandom(2): what
 * {@code SecureRandom} would read from /dev/urandom, without initialising the JDK's security
 * providers at start-up (about 10 ms and 40 classes, measured with -Xlog:class+load).
 */
public final class Entropy {
    private Entropy() {}

    /**
     * Eight random bytes. Blocks only before the kernel's pool is first initialised, as
     * /dev/urandom readers never need to wait on a running system.
     *
     * @throws SysException if the kernel has no getrandom(2) (Linux before 3.17)
     */
    public static long nextLong() {
        Scratch s = Scratch.get();
        long n;
        do {
            n = Syscall.call(process_h.SYS_getrandom(), s.cellAddress, Long.BYTES, 0);
        } while (n == -Errno.EINTR);
        if (n != Long.BYTES) {
            throw new SysException("getrandom", n < 0 ? (int) -n : Errno.EIO);
        }
        return s.cell.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
    }
}

package io.jpasst.sys;


import io.jpasst.sys.gen.process.__user_cap_data_struct;
import io.jpasst.sys.gen.process.__user_cap_header_struct;
import io.jpasst.sys.gen.process.process_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Capability sets of the calling thread as 64-bit masks (bit n is capability n), via
 * capget/capset with the version-3 ABI (two 32-bit data words per set). Slow path: throws.
 */
public final class Caps {
    private Caps() {}

    public static final int CAP_NET_BIND_SERVICE = process_h.CAP_NET_BIND_SERVICE();
    public static final int CAP_NET_ADMIN = process_h.CAP_NET_ADMIN();
    public static final int CAP_LAST_CAP = process_h.CAP_LAST_CAP();
    public static final int _LINUX_CAPABILITY_VERSION_3 = process_h._LINUX_CAPABILITY_VERSION_3();
    public static final int _LINUX_CAPABILITY_U32S_3 = process_h._LINUX_CAPABILITY_U32S_3();



    /** The three capability sets. */
    public record Sets(long effective, long permitted, long inheritable) {
        public boolean hasEffective(int cap) {
            return (effective & bit(cap)) != 0;
        }
    }

    /** Mask with capability {@code cap} set. */
    public static long bit(int cap) {
        return 1L << cap;
    }

    public static Sets get() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hdr = header(arena);
            MemorySegment data = __user_cap_data_struct.allocateArray(_LINUX_CAPABILITY_U32S_3, arena);
            SysException.check("capget", (int) Syscall.call(process_h.SYS_capget(), hdr.address(), data.address()));
            return new Sets(join(data, Word.EFFECTIVE), join(data, Word.PERMITTED), join(data, Word.INHERITABLE));
        }
    }

    public static void set(Sets sets) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hdr = header(arena);
            MemorySegment data = __user_cap_data_struct.allocateArray(_LINUX_CAPABILITY_U32S_3, arena);
            split(data, Word.EFFECTIVE, sets.effective());
            split(data, Word.PERMITTED, sets.permitted());
            split(data, Word.INHERITABLE, sets.inheritable());
            SysException.check("capset", (int) Syscall.call(process_h.SYS_capset(), hdr.address(), data.address()));
        }
    }

    /** Keeps only {@code keepMask} in all three sets (permitted can only shrink). */
    public static Sets dropAllBut(long keepMask) {
        Sets now = get();
        Sets kept = new Sets(now.effective() & keepMask, now.permitted() & keepMask, now.inheritable() & keepMask);
        set(kept);
        return kept;
    }

    private static MemorySegment header(Arena arena) {
        MemorySegment hdr = __user_cap_header_struct.allocate(arena);
        __user_cap_header_struct.version(hdr, _LINUX_CAPABILITY_VERSION_3);
        __user_cap_header_struct.pid(hdr, 0);
        return hdr;
    }

    private enum Word { EFFECTIVE, PERMITTED, INHERITABLE }

    private static long join(MemorySegment data, Word w) {
        return Integer.toUnsignedLong(word(data, w, 0)) | (long) word(data, w, 1) << 32;
    }

    private static int word(MemorySegment data, Word w, int i) {
        MemorySegment d = __user_cap_data_struct.asSlice(data, i);
        return switch (w) {
            case EFFECTIVE -> __user_cap_data_struct.effective(d);
            case PERMITTED -> __user_cap_data_struct.permitted(d);
            case INHERITABLE -> __user_cap_data_struct.inheritable(d);
        };
    }

    private static void split(MemorySegment data, Word w, long mask) {
        for (int i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) {
            MemorySegment d = __user_cap_data_struct.asSlice(data, i);
            int v = (int) (mask >>> (32 * i));
            switch (w) {
                case EFFECTIVE -> __user_cap_data_struct.effective(d, v);
                case PERMITTED -> __user_cap_data_struct.permitted(d, v);
                case INHERITABLE -> __user_cap_data_struct.inheritable(d, v);
            }
        }
    }
}

package io.jpasst.sys;

import io.jpasst.sys.gen.socket.msghdr;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * struct msghdr in caller-owned memory, for recvmsg/sendmsg and inside {@link MMsgHdr}.
 * Pointer fields take raw addresses (0 for none).
 */
public final class MsgHdr {
    private MsgHdr() {}

    public static final int SIZE = (int) msghdr.sizeof();
    public static final long NAME_OFF = msghdr.msg_name$offset();
    public static final long NAMELEN_OFF = msghdr.msg_namelen$offset();
    public static final long IOV_OFF = msghdr.msg_iov$offset();
    public static final long IOVLEN_OFF = msghdr.msg_iovlen$offset();
    public static final long CONTROL_OFF = msghdr.msg_control$offset();
    public static final long CONTROLLEN_OFF = msghdr.msg_controllen$offset();
    public static final long FLAGS_OFF = msghdr.msg_flags$offset();
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    /** Writes every field of the msghdr at {@code seg[off]}; msg_flags is cleared. */
    public static void set(MemorySegment seg, long off, long name, int namelen, long iov, long iovlen,
                           long control, long controllen) {
        seg.set(WORD, off + NAME_OFF, name);
        seg.set(INT, off + NAMELEN_OFF, namelen);
        seg.set(WORD, off + IOV_OFF, iov);
        seg.set(WORD, off + IOVLEN_OFF, iovlen);
        seg.set(WORD, off + CONTROL_OFF, control);
        seg.set(WORD, off + CONTROLLEN_OFF, controllen);
        seg.set(INT, off + FLAGS_OFF, 0);
    }

    /** msg_namelen after a receive: the length of the source address. */
    public static int namelen(MemorySegment seg, long off) {
        return seg.get(INT, off + NAMELEN_OFF);
    }

    /** Updates msg_namelen, e.g. to reset the room before reusing a header for receive. */
    public static void namelen(MemorySegment seg, long off, int namelen) {
        seg.set(INT, off + NAMELEN_OFF, namelen);
    }

    /** msg_flags after a receive (MSG_TRUNC, MSG_CTRUNC...). */
    public static int flags(MemorySegment seg, long off) {
        return seg.get(INT, off + FLAGS_OFF);
    }

    public static long controllen(MemorySegment seg, long off) {
        return seg.get(WORD, off + CONTROLLEN_OFF);
    }
}

package io.jpasst.sys;

import io.jpasst.sys.gen.socket.mmsghdr;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** struct mmsghdr arrays for recvmmsg/sendmmsg: a {@link MsgHdr} plus the per-message length. */
public final class MMsgHdr {
    private MMsgHdr() {}

    public static final int SIZE = (int) mmsghdr.sizeof();
    public static final long HDR_OFF = mmsghdr.msg_hdr$offset();
    public static final long LEN_OFF = mmsghdr.msg_len$offset();
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    /** Offset of entry {@code i} in an array starting at {@code off}. */
    public static long at(long off, int i) {
        return off + (long) i * SIZE;
    }

    /** Writes the msghdr of the entry at {@code seg[off]} (see {@link MsgHdr#set}), clears msg_len. */
    public static void set(MemorySegment seg, long off, long name, int namelen, long iov, long iovlen,
                           long control, long controllen) {
        MsgHdr.set(seg, off + HDR_OFF, name, namelen, iov, iovlen, control, controllen);
        seg.set(INT, off + LEN_OFF, 0);
    }

    /** msg_len: bytes received into / sent from this entry. */
    public static int len(MemorySegment seg, long off) {
        return seg.get(INT, off + LEN_OFF);
    }
}

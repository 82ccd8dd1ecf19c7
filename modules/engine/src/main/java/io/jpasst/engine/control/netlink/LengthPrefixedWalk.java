package io.jpasst.engine.control.netlink;

import java.lang.foreign.MemorySegment;

/**
 * The bounds discipline shared by attributes and nexthops: both are runs of entries that
 * start with a 16-bit length covering the entry (rta_len, rtnh_len: both at offset 0),
 * padded to 4 bytes. An entry is exposed only
 * after its length was checked against the bytes left in the enclosing run.
 */
abstract class LengthPrefixedWalk {
    protected final MemorySegment seg;
    private final long end;
    private final int headerSize;
    private final String what;
    private long next;
    private long cur = -1;
    private int curLen;

    LengthPrefixedWalk(MemorySegment seg, long start, long end, int headerSize, String what) {
        this.seg = seg;
        this.next = start;
        this.end = end;
        this.headerSize = headerSize;
        this.what = what;
    }

    /** Advances to the next entry; false when the run is exhausted. */
    public boolean next() {
        long left = end - next;
        if (left <= 0) {
            cur = -1;
            return false;
        }
        if (left < headerSize) {
            throw new MalformedReplyException(left + " trailing bytes, less than " + what);
        }
        int len = HostOrder.u16(seg, next);
        if (len < headerSize || len > left) {
            throw new MalformedReplyException(what + " length " + len + " with " + left
                    + " bytes left");
        }
        cur = next;
        curLen = len;
        next = Math.min(end, next + NetlinkAbi.align(len));
        return true;
    }

    /** Offset of the current entry; fails if {@link #next} has not returned true. */
    protected final long current() {
        if (cur < 0) {
            throw new IllegalStateException("no current " + what);
        }
        return cur;
    }

    /** Offset just past the current entry. */
    protected final long currentEnd() {
        return current() + curLen;
    }

    protected final int currentLength() {
        current();
        return curLen;
    }
}

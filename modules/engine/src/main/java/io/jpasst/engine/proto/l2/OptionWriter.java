package io.jpasst.engine.proto.l2;

import io.jpasst.engine.packet.Be;
import java.lang.foreign.MemorySegment;

/**
 * A bounded write cursor over a reply buffer, shared by the DHCP, DHCPv6 and NDP builders.
 * Every write checks the limit once here; past it, writes are skipped and {@link #overflowed()}
 * turns true, so responders check one flag at the end instead of every option. The three option
 * framings (DHCP: u8 type/u8 length, DHCPv6: u16/u16, NDP: u8 type/u8 length in 8-byte units
 * padded) are open/close pairs: open writes the type and a length placeholder, close fills it.
 */
public final class OptionWriter {
    private MemorySegment seg;
    private long start;
    private long pos;
    private long limit;
    private boolean overflow;

    /** Starts writing at {@code off}; nothing is written at or beyond {@code limit}. */
    public OptionWriter reset(MemorySegment s, long off, long limit) {
        this.seg = s;
        this.start = off;
        this.pos = off;
        this.limit = Math.min(limit, s.byteSize());
        this.overflow = false;
        return this;
    }

    /**
     * Starts a reply frame at {@code out[outOff]}, {@code outCap} bytes at most: the writer
     * begins after its {@code headers} (for the builder to fill in at the end); false, and
     * nothing started, when the space cannot hold even those.
     */
    public boolean startAfter(MemorySegment out, long outOff, int outCap, int headers) {
        if (outCap < headers || outOff < 0 || outOff + outCap > out.byteSize()) {
            return false;
        }
        reset(out, outOff + headers, outOff + outCap);
        return true;
    }

    public long position() {
        return pos;
    }

    /** Bytes written since the start. */
    public int written() {
        return (int) (pos - start);
    }

    public boolean overflowed() {
        return overflow;
    }

    /**
     * Claims the next {@code n} bytes: their offset, or -1 (and the writer overflowed) when they
     * do not fit.
     */
    private long take(long n) {
        if (overflow || limit - pos < n) {
            overflow = true;
            return -1;
        }
        long at = pos;
        pos += n;
        return at;
    }

    public void u8(int v) {
        long at = take(1);
        if (at >= 0) {
            Be.u8(seg, at, v);
        }
    }

    public void u16(int v) {
        long at = take(2);
        if (at >= 0) {
            Be.u16(seg, at, v);
        }
    }

    public void u32(int v) {
        long at = take(4);
        if (at >= 0) {
            Be.u32(seg, at, v);
        }
    }

    public void ipv6(long hi, long lo) {
        long at = take(16);
        if (at >= 0) {
            Be.u64(seg, at, hi);
            Be.u64(seg, at + 8, lo);
        }
    }

    public void mac(long mac) {
        long at = take(6);
        if (at >= 0) {
            io.jpasst.engine.packet.ip.Eth.mac(seg, at, mac);
        }
    }

    /** Copies {@code len} bytes from {@code src[srcOff..]}; the caller validated the source range. */
    public void bytes(MemorySegment src, long srcOff, int len) {
        long at = take(len);
        if (at >= 0) {
            MemorySegment.copy(src, srcOff, seg, at, len);
        }
    }

    public void zeros(int n) {
        long at = take(n);
        if (at >= 0) {
            for (int i = 0; i < n; i++) {
                Be.u8(seg, at + i, 0);
            }
        }
    }

    /** DHCP (RFC 2132) option header, type and a length byte to come; returns the handle for {@link #close8}. */
    public long open8(int type) {
        long start = pos;
        u16(type << 8);
        return start;
    }

    /** Fills a DHCP option's one-byte length; values over 255 bytes overflow the writer. */
    public void close8(long start) {
        long n = pos - start - 2;
        if (overflow || n > 255) {
            overflow = true;
            return;
        }
        Be.u8(seg, start + 1, (int) n);
    }

    /** DHCPv6 (RFC 8415) option header, type and a 16-bit length to come; returns the handle for {@link #close16}. */
    public long open16(int type) {
        long start = pos;
        u32(type << 16);
        return start;
    }

    public void close16(long start) {
        if (!overflow) {
            Be.u16(seg, start + 2, (int) (pos - start - 4));
        }
    }

    /** NDP (RFC 4861) option: pads with zeros to a multiple of 8 and stores the length in units of 8. */
    public void closeNdp(long start) {
        while (!overflow && ((pos - start) & 7) != 0) {
            u8(0);
        }
        if (!overflow) {
            Be.u8(seg, start + 1, (int) ((pos - start) >>> 3));
        }
    }
}

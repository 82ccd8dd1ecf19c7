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
    private long pos;
    private long limit;
    private boolean overflow;

    /** Starts writing at {@code off}; nothing is written at or beyond {@code limit}. */
    public OptionWriter reset(MemorySegment s, long off, long limit) {
        this.seg = s;
        this.pos = off;
        this.limit = Math.min(limit, s.byteSize());
        this.overflow = false;
        return this;
    }

    public long position() {
        return pos;
    }

    public boolean overflowed() {
        return overflow;
    }

    private boolean room(long n) {
        if (overflow || limit - pos < n) {
            overflow = true;
            return false;
        }
        return true;
    }

    public void u8(int v) {
        if (room(1)) {
            Be.u8(seg, pos, v);
            pos += 1;
        }
    }

    public void u16(int v) {
        if (room(2)) {
            Be.u16(seg, pos, v);
            pos += 2;
        }
    }

    public void u32(int v) {
        if (room(4)) {
            Be.u32(seg, pos, v);
            pos += 4;
        }
    }

    public void ipv6(long hi, long lo) {
        if (room(16)) {
            Be.u64(seg, pos, hi);
            Be.u64(seg, pos + 8, lo);
            pos += 16;
        }
    }

    public void mac(long mac) {
        if (room(6)) {
            io.jpasst.engine.packet.ip.Eth.mac(seg, pos, mac);
            pos += 6;
        }
    }

    /** Copies {@code len} bytes from {@code src[srcOff..]}; the caller validated the source range. */
    public void bytes(MemorySegment src, long srcOff, int len) {
        if (room(len)) {
            MemorySegment.copy(src, srcOff, seg, pos, len);
            pos += len;
        }
    }

    public void zeros(int n) {
        if (room(n)) {
            for (int i = 0; i < n; i++) {
                Be.u8(seg, pos + i, 0);
            }
            pos += n;
        }
    }

    /** DHCP (RFC 2132) option header; returns the handle for {@link #close8}. */
    public long open8(int type) {
        long start = pos;
        u8(type);
        u8(0);
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

    /** DHCPv6 (RFC 8415) option header; returns the handle for {@link #close16}. */
    public long open16(int type) {
        long start = pos;
        u16(type);
        u16(0);
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

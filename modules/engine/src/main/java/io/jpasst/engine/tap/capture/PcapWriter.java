package io.jpasst.engine.tap.capture;

import io.jpasst.sys.Errno;
import io.jpasst.sys.Fd;
import io.jpasst.sys.IoVec;
import io.jpasst.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A classic pcap file (pcap-savefile(5), version 2.4, LINKTYPE_ETHERNET) written straight to
 * its descriptor: the file header once when created, then per frame a 16-byte record header
 * and the frame, in one writev(2). Nothing is buffered in the process, so the file is complete
 * whenever the process stops, however it stops.
 *
 * <p>Fields are in host byte order, as libpcap writes them; readers tell the order from the
 * magic number. The record header and the two-entry vector are preallocated: recording a
 * frame allocates nothing. Loop thread only.
 */
public final class PcapWriter implements AutoCloseable {
    static final int MAGIC = 0xa1b2c3d4;
    static final int VERSION_MAJOR = 2;
    static final int VERSION_MINOR = 4;
    /** Longest frame recorded whole: any frame either backend carries. */
    static final int SNAPLEN = 65535;
    static final int LINKTYPE_ETHERNET = 1;
    static final int FILE_HEADER = 24;
    static final int RECORD_HEADER = 16;

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final long IOV = RECORD_HEADER;

    private final int fd;
    /** The record header, then two struct iovec: header and frame. */
    private final MemorySegment scratch;
    private final long headerAddress;

    private PcapWriter(int fd) {
        this.fd = fd;
        this.scratch = Arena.ofAuto().allocate(RECORD_HEADER + 2L * IoVec.SIZE, 8);
        this.headerAddress = scratch.address();
    }

    /**
     * Creates (or truncates) {@code path}, readable and writable by its owner only since it
     * holds everything the guest said, and writes the file header.
     *
     * @throws SysException when the file cannot be created or its header not written
     */
    public static PcapWriter create(String path) {
        int fd = SysException.check("open " + path,
                Fd.open(path, Fd.O_WRONLY | Fd.O_CREAT | Fd.O_TRUNC | Fd.O_CLOEXEC, 0600));
        PcapWriter w = new PcapWriter(fd);
        MemorySegment h = w.scratch;
        h.set(U32, 0, MAGIC);
        h.set(U16, 4, (short) VERSION_MAJOR);
        h.set(U16, 6, (short) VERSION_MINOR);
        h.set(U32, 8, 0); // thiszone: timestamps are UTC
        h.set(U32, 12, 0); // sigfigs
        h.set(U32, 16, SNAPLEN);
        h.set(U32, 20, LINKTYPE_ETHERNET);
        int rc = w.writeFully(h, 0, FILE_HEADER);
        if (rc < 0) {
            w.close();
            throw new SysException("write " + path, -rc);
        }
        return w;
    }

    /** A writer appending records to {@code fd}, which already has its file header. */
    static PcapWriter appendingTo(int fd) {
        return new PcapWriter(fd);
    }

    /**
     * Appends one frame, {@code seg[off, off+len)} (a native segment), stamped with
     * {@code epochMicros} (microseconds since 1970, UTC).
     *
     * @return 0, or -errno when the record could not be written whole (the file may then end
     *         with a partial record, as it would on a full disk with any capture tool)
     */
    public int record(MemorySegment seg, long off, int len, long epochMicros) {
        if (!seg.isNative() || off < 0 || len < 0 || off > seg.byteSize() - len) {
            return -Errno.EINVAL;
        }
        int caplen = Math.min(len, SNAPLEN);
        scratch.set(U32, 0, (int) (epochMicros / 1_000_000));
        scratch.set(U32, 4, (int) (epochMicros % 1_000_000));
        scratch.set(U32, 8, caplen);
        scratch.set(U32, 12, len);
        IoVec.setAt(scratch, IOV, 0, headerAddress, RECORD_HEADER);
        IoVec.setAt(scratch, IOV, 1, seg.address() + off, caplen);
        long total = RECORD_HEADER + (long) caplen;
        long n;
        do {
            n = Fd.writev(fd, scratch, IOV, 2);
        } while (n == -Errno.EINTR);
        if (n < 0) {
            return (int) n;
        }
        if (n == total) {
            return 0;
        }
        // A short write (a signal, a nearly full disk): finish the record where it stopped.
        if (n < RECORD_HEADER) {
            int rc = writeFully(scratch, n, RECORD_HEADER - (int) n);
            return rc < 0 ? rc : writeFully(seg, off, caplen);
        }
        return writeFully(seg, off + (n - RECORD_HEADER), (int) (total - n));
    }

    private int writeFully(MemorySegment seg, long off, int len) {
        long at = off;
        long end = off + len;
        while (at < end) {
            long n = Fd.write(fd, seg, at, end - at);
            if (n == -Errno.EINTR) {
                continue;
            }
            if (n <= 0) {
                return n == 0 ? -Errno.EIO : (int) n;
            }
            at += n;
        }
        return 0;
    }

    @Override
    public void close() {
        Fd.close(fd);
    }
}

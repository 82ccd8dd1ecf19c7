package io.jpasst.engine.control.netlink;

import io.jpasst.sys.Rtnl;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A scripted netlink peer: on each request the script appends the datagrams to deliver,
 * which {@link #receive} then hands out one by one. Lets session logic be tested against
 * replies a kernel would rarely produce (errors, garbage, stale sequence numbers).
 */
final class FakeKernel implements NetlinkTransport {
    /** Decides the reply datagrams for one request. */
    interface Script extends BiConsumer<Message, Replies> {}

    /** Collects reply datagrams; each {@link #datagram} call starts a new one. */
    static final class Replies {
        final List<byte[]> datagrams = new ArrayList<>();

        Replies datagram(Reply... messages) {
            int n = 0;
            for (Reply r : messages) {
                n += r.bytes.length;
            }
            byte[] d = new byte[n];
            int off = 0;
            for (Reply r : messages) {
                System.arraycopy(r.bytes, 0, d, off, r.bytes.length);
                off += r.bytes.length;
            }
            datagrams.add(d);
            return this;
        }

        Replies raw(byte[] datagram) {
            datagrams.add(datagram);
            return this;
        }
    }

    /** One encoded reply message. */
    record Reply(byte[] bytes) {
        static Reply of(RequestWriter w) {
            int len = w.finish();
            return new Reply(w.segment().asSlice(0, len).toArray(ValueLayout.JAVA_BYTE));
        }

        static RequestWriter writer() {
            return new RequestWriter(Arena.ofAuto().allocate(8192, 8));
        }

        /** NLMSG_ERROR with {@code -errno} (0 for an ack). */
        static Reply error(int seq, int errno) {
            RequestWriter w = writer().begin(io.jpasst.sys.Rtnl.NLMSG_ERROR, 0, seq);
            int s = w.reserve(4 + 16);
            w.i32(s, -errno);
            return of(w);
        }

        static Reply done(int seq) {
            RequestWriter w = writer().begin(io.jpasst.sys.Rtnl.NLMSG_DONE,
                    Rtnl.NLM_F_MULTI, seq);
            w.reserve(4);
            return of(w);
        }
    }

    private final Script script;
    private final Deque<byte[]> pending = new ArrayDeque<>();
    final List<byte[]> requests = new ArrayList<>();
    boolean closed;

    FakeKernel(Script script) {
        this.script = script;
    }

    @Override
    public int send(MemorySegment request, int length) {
        byte[] copy = request.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
        requests.add(copy);
        MemorySegment seg = MemorySegment.ofArray(copy);
        MessageCursor c = new MessageCursor(seg, length);
        c.next();
        Replies r = new Replies();
        script.accept(c.message(), r);
        pending.addAll(r.datagrams);
        return 0;
    }

    @Override
    public long receive(MemorySegment buffer) {
        byte[] d = pending.poll();
        if (d == null) {
            throw new AssertionError("receive with no reply scripted: the session would block");
        }
        long n = Math.min(d.length, buffer.byteSize());
        MemorySegment.copy(MemorySegment.ofArray(d), 0, buffer, 0, n);
        return d.length;
    }

    /** The requests sent so far, parsed. */
    List<Message> sent() {
        List<Message> out = new ArrayList<>();
        for (byte[] b : requests) {
            MessageCursor c = new MessageCursor(MemorySegment.ofArray(b), b.length);
            c.next();
            out.add(c.message());
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
    }
}

package io.jpasst.engine.control.netlink;

import io.jpasst.engine.control.conf.MacAddress;
import io.jpasst.sys.Errno;
import io.jpasst.sys.Rtnl;
import io.jpasst.sys.Tun;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A routing-netlink session: one socket, one request buffer, one receive buffer, and a
 * sequence counter that ties replies to requests. Requests are synchronous (send, then read
 * until the ack or the end of the dump) and not thread-safe: this is the slow path used while
 * configuring, not the data path.
 *
 * <p>Failures are {@link NetlinkException}s naming the operation and the kernel's errno;
 * replies that break the framing rules are {@link MalformedReplyException}s.
 */
public final class Rtnetlink implements AutoCloseable {
    /** Requests are a header, a family struct and a few attributes. */
    private static final int REQUEST_SIZE = 4096;
    /** Kernel dump datagrams stay below 32 KiB; twice that leaves room. */
    private static final int RECEIVE_SIZE = 64 * 1024;
    /** A dump that keeps changing under us is retried this many times. */
    private static final int DUMP_ATTEMPTS = 5;

    private final NetlinkTransport transport;
    private final RequestWriter writer;
    private final MemorySegment rx;
    private int seq;

    public Rtnetlink(NetlinkTransport transport) {
        this.transport = transport;
        Arena arena = Arena.ofAuto();
        this.writer = new RequestWriter(arena.allocate(REQUEST_SIZE, 8));
        this.rx = arena.allocate(RECEIVE_SIZE, 8);
        this.seq = (int) (System.nanoTime() & 0xffff) << 8;
    }

    /** A session on a new socket in the calling thread's network namespace. */
    public static Rtnetlink open() {
        return new Rtnetlink(RouteSocket.open());
    }

    // ---- queries -------------------------------------------------------------------------

    public List<Link> links() {
        return dump("dump links", Rtnl.RTM_GETLINK, Rtnl.RTM_NEWLINK,
                w -> LinkCodec.header(w, 0, 0, 0), LinkCodec::parse);
    }

    /** One link by index. */
    public Link link(int index) {
        List<Link> found = get("get link #" + index, Rtnl.RTM_GETLINK, Rtnl.RTM_NEWLINK,
                w -> LinkCodec.header(w, index, 0, 0), LinkCodec::parse);
        if (found.isEmpty()) {
            throw new MalformedReplyException("no RTM_NEWLINK for link #" + index);
        }
        return found.get(0);
    }

    /** The index of the link called {@code name} in this session's namespace (ENODEV if none). */
    public int linkIndex(String name) {
        List<Link> found = get("get link " + name, Rtnl.RTM_GETLINK, Rtnl.RTM_NEWLINK,
                w -> LinkCodec.header(w, 0, 0, 0).attrString(Rtnl.IFLA_IFNAME, name),
                LinkCodec::parse);
        if (found.isEmpty()) {
            throw new NetlinkException("get link " + name, Errno.ENODEV);
        }
        return found.get(0).index();
    }

    public int mtu(int index) {
        return link(index).mtu();
    }

    /** The link's Ethernet address, or null if it has none. */
    public MacAddress mac(int index) {
        return link(index).mac();
    }

    /** All addresses of one family, on every link. */
    public List<IfAddress> addresses(IpFamily family) {
        return dump("dump " + family + " addresses", Rtnl.RTM_GETADDR, Rtnl.RTM_NEWADDR,
                w -> AddressCodec.dumpHeader(w, family), AddressCodec::parse).stream()
                .filter(a -> a.family() == family).toList();
    }

    /** All routes of one family in the main table (the kernel dumps every table). */
    public List<Route> routes(IpFamily family) {
        return dump("dump " + family + " routes", Rtnl.RTM_GETROUTE, Rtnl.RTM_NEWROUTE,
                w -> RouteCodec.dumpHeader(w, family), RouteCodec::parse).stream()
                .filter(r -> r.family() == family && r.table() == Rtnl.RT_TABLE_MAIN).toList();
    }

    // ---- changes -------------------------------------------------------------------------

    public void setLinkUp(int index) {
        setLinkFlags(index, Tun.IFF_UP, Tun.IFF_UP);
    }

    /** Sets the bits of {@code change} to their values in {@code flags}, leaving the others. */
    public void setLinkFlags(int index, int flags, int change) {
        execute("set flags of link #" + index, Rtnl.RTM_NEWLINK, 0,
                w -> LinkCodec.header(w, index, flags, change));
    }

    public void setMtu(int index, int mtu) {
        execute("set MTU " + mtu + " on link #" + index, Rtnl.RTM_NEWLINK, 0,
                w -> LinkCodec.header(w, index, 0, 0).attrI32(Rtnl.IFLA_MTU, mtu));
    }

    public void setMac(int index, MacAddress mac) {
        execute("set MAC " + mac + " on link #" + index, Rtnl.RTM_NEWLINK, 0,
                w -> LinkCodec.header(w, index, 0, 0).attr(Rtnl.IFLA_ADDRESS, mac.toBytes()));
    }

    /**
     * Assigns an address. {@code flags} are IFA_F_* bits (IFA_F_NODAD for an IPv6 address that
     * must be usable at once). Fails with EEXIST if the address is already there.
     */
    public void addAddress(int index, InetAddress address, int prefixLength, int flags) {
        addAddress(index, address, prefixLength, Rtnl.RT_SCOPE_UNIVERSE, flags, false);
    }

    /**
     * Assigns an address with an explicit scope; {@code replace} updates an existing one (how
     * NODAD is set on the kernel's own link-local address).
     */
    public void addAddress(int index, InetAddress address, int prefixLength, int scope, int flags,
                           boolean replace) {
        int how = replace ? Rtnl.NLM_F_REPLACE : Rtnl.NLM_F_EXCL;
        execute("add address " + IpText.prefix(address, prefixLength) + " on link #"
                        + index, Rtnl.RTM_NEWADDR, Rtnl.NLM_F_CREATE | how,
                w -> AddressCodec.assign(w, index, address, prefixLength, scope, flags));
    }

    /** Adds a route; EEXIST if an identical one is there. */
    public void addRoute(Route route) {
        execute("add route " + route, Rtnl.RTM_NEWROUTE, Rtnl.NLM_F_CREATE | Rtnl.NLM_F_EXCL,
                w -> RouteCodec.add(w, route));
    }

    @Override
    public void close() {
        transport.close();
    }

    // ---- request/reply machinery ---------------------------------------------------------

    /** Writes a request body after the header. */
    @FunctionalInterface
    interface Body {
        void write(RequestWriter w);
    }

    /** Sends a change request and waits for its ack. */
    private void execute(String what, int type, int flags, Body body) {
        exchange(what, type, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK | flags, body, -1, m -> null,
                new ArrayList<>());
    }

    /** Sends a query for one object; collects its reply (none if the kernel sent none). */
    private <T> List<T> get(String what, int type, int replyType, Body body,
                            Function<Message, T> parse) {
        List<T> out = new ArrayList<>();
        exchange(what, type, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK, body, replyType, parse, out);
        return out;
    }

    /** Runs a dump to its end; starts over if the kernel says the data changed meanwhile. */
    private <T> List<T> dump(String what, int type, int replyType, Body body,
                             Function<Message, T> parse) {
        for (int attempt = 1; ; attempt++) {
            List<T> out = new ArrayList<>();
            boolean interrupted = exchange(what, type, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP, body,
                    replyType, parse, out);
            if (!interrupted || attempt == DUMP_ATTEMPTS) {
                return out;
            }
        }
    }

    /**
     * Sends one request and reads replies carrying its sequence number until the ack, the
     * error or the end of the dump; each reply of {@code replyType} is parsed into
     * {@code out} (null results skipped). Replies to earlier requests are ignored.
     *
     * @return whether the kernel flagged the dump as interrupted (inconsistent)
     */
    private <T> boolean exchange(String what, int type, int flags, Body body, int replyType,
                                 Function<Message, T> parse, List<T> out) {
        int mySeq = ++seq;
        writer.begin(type, flags, mySeq);
        body.write(writer);
        int len = writer.finish();
        int rc = transport.send(writer.segment(), len);
        if (rc < 0) {
            throw new NetlinkException(what + " (send)", -rc);
        }
        boolean interrupted = false;
        for (;;) {
            MessageCursor c = new MessageCursor(rx, receiveDatagram(what));
            while (c.next()) {
                Message m = c.message();
                if (m.seq() != mySeq) {
                    continue;
                }
                interrupted |= (m.flags() & Rtnl.NLM_F_DUMP_INTR) != 0;
                int t = m.type();
                if (t == Rtnl.NLMSG_ERROR || t == Rtnl.NLMSG_DONE) {
                    int err = m.errorCode();
                    if (err < 0) {
                        throw new NetlinkException(what, -err, m.errorText());
                    }
                    return interrupted;
                }
                if (t == Rtnl.NLMSG_OVERRUN) {
                    throw new MalformedReplyException("overrun during " + what);
                }
                if (t == replyType) {
                    T v = parse.apply(m);
                    if (v != null) {
                        out.add(v);
                    }
                }
            }
        }
    }

    /** Receives one datagram, retrying on EINTR; returns its length. */
    private long receiveDatagram(String what) {
        for (;;) {
            long n = transport.receive(rx);
            if (n == -Errno.EINTR) {
                continue;
            }
            if (n < 0) {
                throw new NetlinkException(what + " (receive)", (int) -n);
            }
            if (n > rx.byteSize()) {
                throw new MalformedReplyException("datagram of " + n + " bytes truncated to "
                        + rx.byteSize() + " during " + what);
            }
            return n;
        }
    }
}

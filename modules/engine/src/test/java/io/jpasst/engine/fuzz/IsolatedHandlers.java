package io.jpasst.engine.fuzz;

import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.proto.tcp.TcpTimeouts;
import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.conf.ConfigBuilder;
import io.jpasst.engine.control.conf.Mode;
import io.jpasst.engine.control.host.GuestNetwork;
import io.jpasst.engine.control.netlink.Rtnetlink;
import io.jpasst.engine.flow.nat.AddressMap;
import io.jpasst.engine.flow.nat.AddressMapConfig;
import io.jpasst.engine.flow.OutboundSockets;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.proto.icmp.PingFlows;
import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.engine.proto.tcp.TcpTap;
import io.jpasst.engine.proto.udp.UdpFlows;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.engine.tap.TapFrames;
import io.jpasst.sys.Epoll;
import io.jpasst.sys.EventFd;
import io.jpasst.sys.Namespaces;
import io.jpasst.sys.SysException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The real TCP, UDP and ICMP handlers, wired as passt wires them, on an event loop that runs
 * on a thread of its own in a network namespace of its own: only {@code lo}, up, with ping
 * sockets allowed. Every socket the handlers open is opened on that thread, so it lives in that
 * namespace: connections and datagrams to the gateway reach closed ports on its loopback
 * (refused at once), anything else is unreachable, and no packet can leave the machine.
 *
 * <p>A frame is fed as a tap device would: queued on the {@link InputTap}, whose descriptor is
 * an eventfd signalled to wake the loop; the loop reads it through {@link TapFrames}, and the
 * feeder waits until it did. Between inputs the loop serves the handlers' sockets and timers as
 * in passt. Whatever a handler throws, on the frame's path or on a socket's event, fails the
 * next {@link GuestFramePath#offer}: an exception out of a handler is a bug.
 */
final class IsolatedHandlers {
    /** Enough for every flow kind to fill up within a run, and for the table-full paths. */
    private static final int TCP_FLOWS = 256;
    private static final long WAIT_SECONDS = 10;

    private final int wakeFd = check("eventfd", EventFd.create(0, EventFd.EFD_NONBLOCK | EventFd.EFD_CLOEXEC));
    private final Semaphore read = new Semaphore(0);
    private volatile Throwable failure;
    /** The path's frame reader, handed over with the first frame. */
    private volatile TapFrames frames;

    private IsolatedHandlers() {
    }

    static GuestFramePath start() {
        IsolatedHandlers handlers = new IsolatedHandlers();
        CompletableFuture<GuestFramePath> built = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("fuzz-isolated-loop").start(() -> handlers.run(built));
        return built.join();
    }

    private void run(CompletableFuture<GuestFramePath> built) {
        EventLoop loop;
        try {
            isolate();
            loop = new EventLoop((type, t, n) -> failure = t);
            built.complete(wire(loop));
        } catch (Throwable t) {
            built.completeExceptionally(t);
            return;
        }
        try {
            loop.run();
        } catch (Throwable t) {
            // an AssertionError from the tap (a malformed reply) ends the loop: the run fails
            failure = t;
        }
        failure = failure == null ? new AssertionError("the loop ended") : failure;
        read.release(Integer.MAX_VALUE / 2);
    }

    /** This thread only: a network namespace with lo up, ping sockets allowed for everyone. */
    private static void isolate() throws java.io.IOException {
        check("unshare(CLONE_NEWNET)", Namespaces.unshare(Namespaces.CLONE_NEWNET));
        try (Rtnetlink nl = Rtnetlink.open()) {
            nl.setLinkUp(1);
        }
        // /proc/sys/net is the namespace of the thread that opens it
        Files.writeString(Path.of("/proc/sys/net/ipv4/ping_group_range"), "0 2147483647");
    }

    private GuestFramePath wire(EventLoop loop) throws java.io.IOException {
        Config config = config();
        GuestNetwork guest = GuestNetwork.discover(config);
        InputTap tap = new InputTap(wakeFd);
        DropCounters drops = new DropCounters();
        AddressMap nat = AddressMapConfig.of(config, guest);
        GuestState learned = new GuestState();
        // One flow table for all three, as the service has; small, so the fuzzer fills it too.
        FlowTable flows = new FlowTable(TCP_FLOWS, TCP_FLOWS, loop);
        PingFlows ping = new PingFlows(loop, tap, drops, nat, new OutboundSockets(config, false), guest.ourMac(),
                flows);
        TcpTap tcp = new TcpTap(loop, tap, drops, nat, guest.ourMac(), config.mtu(), flows, TcpTimeouts.DEFAULT);
        tcp.hostSide(nat, learned);
        UdpFlows udp = new UdpFlows(config, guest, nat, null, loop, tap, learned, drops, null, flows);
        GuestFramePath path = new GuestFramePath(tap, drops, guest.l2Config(), ping, tcp, udp, this::readOnLoop);
        loop.handle(EventType.TAP_PASST, (ref, events, now) -> {
            EventFd.drain(wakeFd);
            try {
                if (frames != null) {
                    frames.readable(now);
                }
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                read.release();
            }
        });
        check("epoll_ctl", loop.add(wakeFd, Epoll.IN, EpollRef.of(EventType.TAP_PASST, wakeFd, 0)));
        return path;
    }

    /** On the feeder's thread: wakes the loop, waits for it to read the frame, reports its failure. */
    private void readOnLoop(TapFrames pathFrames) {
        frames = pathFrames;
        check("eventfd write", EventFd.signal(wakeFd));
        try {
            if (!read.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the loop did not read the frame within " + WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Throwable t = failure;
        if (t != null) {
            throw new AssertionError("a handler threw: " + t, t);
        }
    }

    /** passt's guest: 10.0.2.15/24 behind 10.0.2.2, 2001:db8::15, our MAC the tap checks. */
    private static Config config() {
        ConfigBuilder b = new ConfigBuilder(Mode.PASST);
        b.address("10.0.2.15/24");
        b.gateway("10.0.2.2");
        b.address("2001:db8::15");
        b.gateway("fe80::1");
        b.dns("10.0.2.3");
        b.dns("2001:db8::3");
        b.search("example.com corp.example.com");
        b.macAddress("9a:55:9a:55:9a:55");
        return b.build();
    }

    private static int check(String op, int rc) {
        if (rc < 0) {
            throw new SysException(op, -rc);
        }
        return rc;
    }
}

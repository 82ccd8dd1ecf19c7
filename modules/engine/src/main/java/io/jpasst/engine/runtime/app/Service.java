package io.jpasst.engine.runtime.app;

import io.jpasst.engine.tap.capture.CapturingTap;
import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.flow.FlowTable;
import io.jpasst.engine.flow.OutboundSockets;
import io.jpasst.engine.flow.nat.AddressMap;
import io.jpasst.engine.flow.nat.AddressMapConfig;
import io.jpasst.engine.flow.fwd.NamespaceTarget;
import io.jpasst.engine.control.host.GuestNetwork;
import io.jpasst.engine.proto.icmp.PingFlows;
import io.jpasst.engine.proto.l2.GuestState;
import io.jpasst.engine.proto.l2.L2Services;
import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.engine.control.ns.NamespaceThread;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.runtime.stats.CounterReports;
import io.jpasst.engine.runtime.stats.Counters;
import io.jpasst.engine.runtime.stats.EventCountTable;
import io.jpasst.engine.tap.TapBackend;
import io.jpasst.engine.tap.TapFrames;
import io.jpasst.engine.proto.tcp.TcpTap;
import io.jpasst.engine.proto.udp.UdpFlows;
import io.jpasst.sys.Epoll;
import io.jpasst.sys.Errno;
import io.jpasst.sys.SysException;

/**
 * The running data path of either tool: the event loop, the guest-side backend, the built-in
 * services and the L4 handlers, wired together. {@link #stop} may be called from any thread.
 */
final class Service {
    private final UdpFlows udp;
    private final EventLoop loop;
    private final DropCounters drops = new DropCounters();
    private final TapFrames frames;
    private final TcpTap tcp;
    private final CounterReports reports;
    private final NamespaceTarget nsTarget;
    /** Flows a service starts with room for; the table doubles up to its capacity. */
    private static final int INITIAL_FLOWS = 256;
    private final FlowTable flows;
    private volatile int exitStatus;

    /** A service without a namespace of its own (passt): no -U, no loopback bypass. */
    Service(Config config, GuestNetwork guest, TapBackend tap, int tapType) {
        this(newLoop(), config, guest, tap, tapType, null);
    }

    /**
     * {@code loop}: from {@link #newLoop}, made early when descriptors must be registered
     * before the service exists (pasta's -t listeners); {@code ns}: pasta's namespace (for -U
     * and the loopback bypass), null for passt.
     */
    Service(EventLoop loop, Config config, GuestNetwork guest, TapBackend backend, int tapType, NamespaceThread ns) {
        this.loop = loop;
        // Creates the -p file: both tools build the service before the sandbox closes in.
        TapBackend tap = CapturingTap.wrap(backend, config.pcapFile(), drops);
        GuestState guestState = new GuestState();
        L2Services services = new L2Services(guest.l2Config(), guestState, drops);
        // One mapping for every protocol, both ways.
        AddressMap nat = AddressMapConfig.of(config, guest);
        this.nsTarget = ns == null ? null : new NamespaceTarget(config.features().hostLoToNsLo(), nat, guestState);
        // One table for the flows of every protocol, allocated as they come.
        this.flows = new FlowTable(FlowTable.MAX_FLOWS, INITIAL_FLOWS, loop);
        PingFlows ping = config.features().noIcmp() ? null : new PingFlows(loop, tap, drops, nat,
                new OutboundSockets(config, false), guest.ourMac(), flows);
        this.tcp = config.features().noTcp() ? null
                : TcpWiring.create(config, guest, guestState, nat, loop, tap, drops, flows);
        this.udp = config.features().noUdp() ? null
                : new UdpFlows(config, guest, nat, nsTarget, loop, tap, guestState, drops, ns, flows);
        this.frames = new TapFrames(tap, services, ping, tcp, udp, drops);
        loop.handle(tapType, (ref, events, now) -> {
            int rc = frames.readable(now);
            if (rc < 0) {
                Log.error("Guest interface gone: " + Errno.message(-rc) + ", exiting");
                stop(1);
            }
        });
        Counters counters = new Counters(drops, frames::frames, loop::handlerFailures);
        this.reports = CounterReports.install(counters, loop);
        if (tcp != null) {
            counters.countFlows("tcp", tcp::connections);
        }
        EventCountTable.install(counters, loop, config.log().statsSeconds());
        // passt's backend has no descriptor until a client connects: it registers it then.
        int rc = tap.fd() < 0 ? 0 : loop.add(tap.fd(), Epoll.IN, EpollRef.of(tapType, tap.fd(), 0));
        if (rc < 0) {
            throw new SysException("epoll_ctl (tap)", -rc);
        }
    }

    static EventLoop newLoop() {
        return new EventLoop(Service::handlerFailed);
    }

    private static void handlerFailed(int type, Throwable t, long count) {
        // Logged, never fatal: a bug triggered by one frame must not take the network down.
        if (count <= 10 || Log.debugging()) {
            Log.warn("Internal error in " + EventType.name(type) + " handler: " + t);
        }
    }

    /** The TCP translation, null with --no-tcp: forwarded connections are handed to it. */
    TcpTap tcp() {
        return tcp;
    }

    /** The UDP translation, null with --no-udp. */
    UdpFlows udp() {
        return udp;
    }

    /** The flow table of every protocol (TCP, UDP, ICMP echo, spliced connections). */
    FlowTable flows() {
        return flows;
    }

    /** Where pasta's loopback bypass delivers into the namespace; null for passt. */
    NamespaceTarget namespaceTarget() {
        return nsTarget;
    }

    /**
     * ARP request and Neighbour Solicitation for the guest's addresses: see TapFrames. Not
     * once stopping (pasta's command already gone): no one would answer.
     */
    void queryGuestMac() {
        if (loop.running()) {
            frames.queryGuestMac();
        }
    }

    /** What SIGUSR1 reports: more kinds of flows are added as they start. */
    Counters counters() {
        return reports.counters();
    }

    EventLoop loop() {
        return loop;
    }

    DropCounters drops() {
        return drops;
    }

    void stop(int status) {
        exitStatus = status;
        loop.stop();
    }

    /** Serves until stopped; returns the exit status given to {@link #stop}. */
    int run() {
        AllocationProbe.watchCurrentThreadIfRequested();
        loop.run();
        reports.atExit();
        return exitStatus;
    }
}

package io.jpasst.engine.runtime.app;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.conf.PastaConfig;
import io.jpasst.engine.flow.fwd.Listeners;
import io.jpasst.engine.flow.fwd.TcpForwarding;
import io.jpasst.engine.control.host.GuestNetwork;
import io.jpasst.engine.runtime.lifecycle.QuitWatch;
import io.jpasst.engine.runtime.lifecycle.Readiness;
import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.EpollRef;
import io.jpasst.engine.runtime.loop.EventLoop;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.engine.control.ns.NamespaceThread;
import io.jpasst.engine.control.ns.NetnsTarget;
import io.jpasst.engine.control.sandbox.Sandbox;
import io.jpasst.engine.tap.TunTap;
import io.jpasst.sys.Epoll;
import io.jpasst.sys.Proc;
import io.jpasst.sys.Rlimits;
import io.jpasst.sys.Tun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * pasta's start-up, in the order the callers depend on: bind the host-side forwarded ports,
 * read the host's network, get into the target namespace, open and configure the tap device there, start the command (if we made
 * the namespace), report ready, then serve until the namespace or the command goes away.
 */
public final class Pasta {
    private Pasta() {}

    /** Runs pasta with a parsed configuration; returns the process exit status. */
    public static int run(Config config) throws Exception {
        PastaConfig pc = config.pasta();
        NetnsTarget target = target(pc);
        boolean spawning = target instanceof NetnsTarget.Fresh;
        Logging.start(config, "pasta", spawning);
        Rlimits.raiseNofileToMax();
        EventLoop loop = Service.newLoop();
        Listeners hostPorts = config.features().noTcp() ? null : TcpForwarding.bindHostPorts(config, loop);

        GuestNetwork guest = GuestNetwork.discover(config);
        guest.describe("pasta");
        try (NamespaceThread ns = NamespaceThread.enter(target)) {
            boolean spliceOnly = pc.spliceOnly();
            Tun.Tap tap = spliceOnly ? null : ns.call(() -> Tun.openTap(guest.tapName()));
            // The namespace's addresses and routes (rtnetlink, on the namespace thread) and
            // the data path's tables and buffers (here) do not depend on each other: overlap.
            CompletableFuture<Void> configured = ns.submit(() -> {
                if (spliceOnly) {
                    guest.loopbackUp();
                } else {
                    guest.configureNamespace(tap.name(), pc.configNet(), Log::warn);
                }
                return null;
            });
            Service service = new Service(loop, config, guest, spliceOnly ? new io.jpasst.engine.tap.NoTap() : new TunTap(tap.fd()),
                    EventType.TAP_PASTA, ns);
            ns.await(configured);
            if (!pc.noNetnsQuit()) {
                QuitWatch.install(service.loop(), target, () -> service.stop(0));
            }
            Signals.onTerminate(() -> service.stop(0));
            TcpForwarding tcpFwd = null;
            if (!config.features().noTcp()) {
                // Before the command starts and readiness: callers (podman -p) connect at once.
                tcpFwd = TcpForwarding.startPasta(config, loop, ns, service.tcp(), hostPorts, service.namespaceTarget(),
                        service.flows());
                service.counters().countFlows("spliced", tcpFwd::spliced);
            }
            Control.start(config, loop, tcpFwd, service.udp());
            if (spawning) {
                Signals.ignoreInterrupt();
                Process child = ns.call(() -> new ProcessBuilder(command(pc)).inheritIO().start());
                watchExit(child, service);
            }
            // Everything privileged is done (the command, if any, got its capabilities).
            ns.call(() -> {
                Sandbox.confineThread();
                return null;
            });
            Sandbox.confineThread();
            Sandbox.lockProcess();
            Readiness.announce(config.pidFile().map(Path::of).orElse(null));
            service.queryGuestMac(); // sent with the loop's first round
            return service.run();
        }
    }

    /**
     * Stops the service with the command's status as soon as it exits. Why a pidfd in the
     * event loop and not {@code onExit()}: that completes through the JDK's reaper, a second
     * waiting thread and a CompletableFuture, then our loop thread, and each hand-off between
     * threads cost 100 ms and more on a loaded machine (strace: 370 ms from the reaper's
     * wait4 to the loop's wake-up); a pidfd wakes the loop thread itself, as SIGCHLD wakes
     * the C pasta. Without pidfds (Linux before 5.3), a thread waits instead.
     */
    private static void watchExit(Process child, Service service) {
        int pidfd = Proc.pidfdOpen((int) child.pid(), 0);
        if (pidfd < 0 && !child.isAlive()) {
            // Gone already (and reaped by the JDK: ESRCH), as `true` is: no one to wait for.
            service.stop(exitStatus(child));
            return;
        }
        if (pidfd >= 0) {
            EventLoop loop = service.loop();
            loop.handle(EventType.COMMAND_EXIT, (ref, events, now) -> service.stop(exitStatus(child)));
            if (loop.add(pidfd, Epoll.IN, EpollRef.of(EventType.COMMAND_EXIT, pidfd, 0)) == 0) {
                return;
            }
        }
        Thread.ofPlatform().daemon().name("command-exit").start(() -> service.stop(exitStatus(child)));
    }

    /** The command's exit status, as the shell reports it (128 + signal if killed). */
    private static int exitStatus(Process child) {
        while (true) {
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                // nobody interrupts this thread; keep waiting for the status
            }
        }
    }

    private static NetnsTarget target(PastaConfig pc) {
        // A PID first: the configuration also fills netns with its /proc link.
        if (pc.targetPid().isPresent()) {
            return new NetnsTarget.Process(pc.targetPid().getAsInt());
        }
        if (pc.netns().isPresent()) {
            return new NetnsTarget.File(pc.netns().get());
        }
        return new NetnsTarget.Fresh();
    }

    /** The command, or the user's shell as a login shell, as the C pasta does. */
    private static List<String> command(PastaConfig pc) {
        if (!pc.command().isEmpty()) {
            return pc.command();
        }
        String shell = System.getenv("SHELL");
        List<String> argv = new ArrayList<>();
        argv.add(shell == null || shell.isEmpty() ? "/bin/sh" : shell);
        argv.add("-l");
        return argv;
    }
}

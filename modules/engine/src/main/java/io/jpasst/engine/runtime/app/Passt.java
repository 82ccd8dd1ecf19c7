package io.jpasst.engine.runtime.app;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.conf.PasstConfig;
import io.jpasst.engine.control.host.GuestNetwork;
import io.jpasst.engine.flow.fwd.TcpForwarding;
import io.jpasst.engine.runtime.lifecycle.Readiness;
import io.jpasst.engine.runtime.log.Log;
import io.jpasst.engine.runtime.loop.EventType;
import io.jpasst.engine.control.sandbox.Sandbox;
import io.jpasst.engine.packet.DropCounters;
import io.jpasst.engine.tap.GuestSocket;
import io.jpasst.engine.tap.PasstListener;
import io.jpasst.engine.tap.PasstStream;
import io.jpasst.engine.tap.vhost.VhostUserControl;
import io.jpasst.engine.tap.vhost.VhostUserTap;
import io.jpasst.sys.Fd;
import io.jpasst.sys.Rlimits;
import io.jpasst.sys.SysException;
import java.nio.file.Path;

/**
 * passt's start-up: no namespaces, the guest is a VM behind a qemu stream socket. The host's
 * network is read, the socket listens (or the inherited {@code --fd} is taken), and only then
 * readiness is reported: libvirt starts qemu as soon as we exit in the foreground, so the
 * socket must accept by then. The process ends on SIGTERM, or with {@code --one-off} when
 * the client goes.
 */
public final class Passt {
    private Passt() {}

    /** Runs passt with a parsed configuration; returns the process exit status. */
    public static int run(Config config) throws Exception {
        PasstConfig pc = config.passt();
        Logging.start(config, "passt", false);
        Rlimits.raiseNofileToMax();

        GuestNetwork guest = GuestNetwork.discover(config);
        guest.describe("passt");
        boolean oneOff = pc.oneOff() || pc.fd().isPresent();
        PasstListener listener = pc.fd().isPresent() ? null : PasstListener.open(pc.socketPath().orElse(null));
        Service[] started = new Service[1];
        Runnable onClientGone = () -> {
            if (oneOff) {
                Log.info("Client connection closed, exiting");
                started[0].stop(0);
            } else {
                Log.info("Client connection closed");
                listener.arm();
            }
        };
        Service service;
        GuestSocket stream;
        if (pc.vhostUser()) {
            // Frames enter when the transmit queue's kick fires: same tap event as the stream.
            VhostUserTap tap = new VhostUserTap(new DropCounters());
            service = new Service(config, guest, tap, EventType.TAP_PASST);
            tap.counting(service.drops());
            VhostUserControl control = new VhostUserControl(tap);
            control.start(service.loop(), onClientGone);
            stream = control;
        } else {
            PasstStream passtStream = new PasstStream();
            service = new Service(config, guest, passtStream, EventType.TAP_PASST);
            passtStream.start(service.loop(), service.drops(), onClientGone);
            passtStream.onClientAttached(service::queryGuestMac);
            stream = passtStream;
        }
        started[0] = service;
        if (listener != null) {
            Log.info("UNIX domain socket bound at " + listener.path());
            listener.start(service.loop(), stream);
            hints(listener.path(), pc.vhostUser());
        } else {
            int rc = stream.attach(aboveStdio(pc.fd().getAsInt()));
            if (rc < 0) {
                throw new SysException("--fd " + pc.fd().getAsInt(), -rc);
            }
        }
        TcpForwarding tcpFwd = null;
        if (!config.features().noTcp()) {
            tcpFwd = TcpForwarding.startPasst(config, service.loop(), service.tcp());
        }
        Control.start(config, service.loop(), tcpFwd, service.udp());
        Signals.onTerminate(() -> service.stop(0));
        // The socket listens and forwarded ports are bound: nothing privileged is left to do.
        Sandbox.confineThread();
        Sandbox.lockProcess();
        Readiness.announce(config.pidFile().map(Path::of).orElse(null));
        try {
            return service.run();
        } finally {
            if (listener != null) {
                listener.close();
            }
        }
    }

    /**
     * --fd 0: once ready, a detached passt points its standard input at /dev/null
     * (Readiness); the connection is kept on a copy above the standard descriptors.
     */
    private static int aboveStdio(int fd) {
        if (fd > Fd.STDERR) {
            return fd;
        }
        int copy = Fd.fcntl(fd, Fd.F_DUPFD_CLOEXEC, Fd.STDERR + 1);
        if (copy < 0) {
            throw new SysException("--fd " + fd, -copy);
        }
        return copy;
    }

    private static void hints(String path, boolean vhostUser) {
        Log.info("");
        if (vhostUser) {
            Log.info("You can start qemu with:");
            Log.info("    qemu-system-x86_64 ... -m $RAM -chardev socket,id=chr0,path=" + path
                    + " -netdev vhost-user,id=netdev0,chardev=chr0 -device virtio-net,netdev=netdev0"
                    + " -object memory-backend-memfd,id=memfd0,share=on,size=$RAM -numa node,memdev=memfd0");
            return;
        }
        Log.info("You can now start qemu (>= 7.2):");
        Log.info("    qemu-system-x86_64 ... -device virtio-net-pci,netdev=s "
                + "-netdev stream,id=s,server=off,addr.type=unix,addr.path=" + path);
    }
}

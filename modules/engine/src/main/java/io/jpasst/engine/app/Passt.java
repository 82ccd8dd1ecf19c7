package io.jpasst.engine.app;

import io.jpasst.engine.conf.Config;
import io.jpasst.engine.conf.PasstConfig;
import io.jpasst.engine.host.GuestNetwork;
import io.jpasst.engine.fwd.TcpForwarding;
import io.jpasst.engine.lifecycle.Readiness;
import io.jpasst.engine.log.Log;
import io.jpasst.engine.loop.EventType;
import io.jpasst.engine.sandbox.Sandbox;
import io.jpasst.engine.tap.PasstListener;
import io.jpasst.engine.tap.PasstStream;
import io.jpasst.sys.Rlimits;
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
        PasstStream stream = new PasstStream();
        Service service = new Service(config, guest, stream, EventType.TAP_PASST);
        boolean oneOff = pc.oneOff() || pc.fd().isPresent();
        PasstListener listener = pc.fd().isPresent() ? null : PasstListener.open(pc.socketPath().orElse(null));
        stream.start(service.loop(), service.drops(), () -> {
            if (oneOff) {
                Log.info("Client connection closed, exiting");
                service.stop(0);
            } else {
                Log.info("Client connection closed");
                listener.arm();
            }
        });
        if (listener != null) {
            Log.info("UNIX domain socket bound at " + listener.path());
            listener.start(service.loop(), stream);
            hints(listener.path());
        } else {
            int rc = stream.attach(pc.fd().getAsInt());
            if (rc < 0) {
                throw new io.jpasst.sys.SysException("--fd " + pc.fd().getAsInt(), -rc);
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

    private static void hints(String path) {
        Log.info("");
        Log.info("You can now start qemu (>= 7.2):");
        Log.info("    qemu-system-x86_64 ... -device virtio-net-pci,netdev=s "
                + "-netdev stream,id=s,server=off,addr.type=unix,addr.path=" + path);
    }
}

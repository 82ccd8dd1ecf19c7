package io.jpasst.engine.runtime.app;

import io.jpasst.engine.control.conf.Config;
import io.jpasst.engine.control.pesto.ControlSocket;
import io.jpasst.engine.flow.fwd.TcpForwarding;
import io.jpasst.engine.proto.udp.UdpFlows;
import io.jpasst.engine.runtime.loop.EventLoop;

/**
 * {@code -c}: opens the control socket on the forwarding rule tables the listeners follow,
 * and after pesto replaced rules, has the TCP and UDP listeners follow the tables again.
 */
final class Control {
    private Control() {}

    static void start(Config config, EventLoop loop, TcpForwarding tcp, UdpFlows udp) {
        if (config.forwarding().controlPath().isEmpty()) {
            return;
        }
        ControlSocket.open(loop, config.forwarding().controlPath().get(), config.forwarding().host(),
                config.forwarding().splice(), (h, s) -> {
                    if (tcp != null) {
                        tcp.reconfigure();
                    }
                    if (udp != null) {
                        udp.reconfigure();
                    }
                });
    }
}

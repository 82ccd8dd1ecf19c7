package io.jpasst.engine.control.conf;

import java.net.InetAddress;
import java.util.Optional;

/**
 * One range of forwarded ports: where to listen (optional address, optional interface) and
 * where the range lands on the other side ({@code targetFirst} onwards, same length).
 */
public record ForwardRule(Optional<InetAddress> bindAddress, Optional<String> bindInterface,
                          PortRange ports, int targetFirst) {
    public ForwardRule {
        if (targetFirst < 0 || targetFirst + ports.size() - 1 > PortRange.MAX_PORT) {
            throw new IllegalArgumentException("target range out of bounds: " + targetFirst);
        }
    }

    /** The port on the other side that {@code port} (inside {@link #ports}) maps to. */
    public int targetOf(int port) {
        return targetFirst + (port - ports.first());
    }
}

package io.jpasst.engine.control.netlink;

import io.jpasst.engine.control.conf.MacAddress;
import java.net.InetAddress;
import java.util.List;

/**
 * What one IP version of the host looks like through its template interface: the source of
 * the guest's default address, prefix, gateway and MTU, and of the addresses and routes that
 * {@code --config-net} copies into the namespace.
 *
 * @param address   the guest's default address: the first global, non-deprecated address of
 *                  the interface; null if it has none
 * @param gateway   the gateway of the interface's default route; null if there is none
 * @param addresses all addresses of this family on the interface
 * @param routes    all main-table routes of this family through the interface
 */
public record TemplateInterface(IpFamily family, int index, String name, int mtu, MacAddress mac,
                                IfAddress address, InetAddress gateway,
                                List<IfAddress> addresses, List<Route> routes) {
    public TemplateInterface {
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
    }
}

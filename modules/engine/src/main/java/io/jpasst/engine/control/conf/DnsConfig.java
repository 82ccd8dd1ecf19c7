package io.jpasst.engine.control.conf;

import java.net.InetAddress;
import java.util.List;

/**
 * Resolvers and search domains for the guest.
 *
 * @param servers        {@code -D} addresses in order; empty means read the host's resolv.conf
 * @param serversDisabled {@code -D none}: no resolvers at all
 * @param search         {@code -S} domains; empty means read the host's resolv.conf
 * @param searchDisabled {@code -S none}: no search list at all
 * @param dhcpDns        announce resolvers via DHCP/NDP/DHCPv6 (passt default on, pasta off)
 * @param dhcpSearch     announce the search list likewise (same defaults)
 */
public record DnsConfig(List<InetAddress> servers, boolean serversDisabled, List<String> search,
                        boolean searchDisabled, boolean dhcpDns, boolean dhcpSearch) {
    public DnsConfig {
        servers = List.copyOf(servers);
        search = List.copyOf(search);
    }
}

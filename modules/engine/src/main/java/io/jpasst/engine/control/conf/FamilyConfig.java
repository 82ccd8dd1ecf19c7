package io.jpasst.engine.control.conf;

import java.net.InetAddress;
import java.util.Optional;

/**
 * What the user set for one IP version; anything empty is later taken from the host.
 *
 * @param address          address assigned to the guest ({@code -a})
 * @param gateway          default gateway advertised to the guest ({@code -g})
 * @param outbound         source address of outbound sockets ({@code -o})
 * @param outboundIf       interface outbound sockets bind to ({@code --outbound-if4/6})
 * @param dnsForward       guest-side address redirected to the host resolver ({@code --dns-forward})
 * @param dnsHost          host resolver that address goes to ({@code --dns-host})
 * @param mapHostLoopback  guest-side address that reaches the host's loopback
 * @param mapGuestAddr     guest-side address that reaches the host's own global address
 * @param noCopyAddrs      pasta --config-net: set up only the one address
 * @param noCopyRoutes     pasta --config-net: set up only the default route
 */
public record FamilyConfig<A extends InetAddress>(Optional<A> address, Optional<A> gateway,
        Optional<A> outbound, Optional<String> outboundIf, Optional<A> dnsForward, Optional<A> dnsHost,
        Optional<A> mapHostLoopback, Optional<A> mapGuestAddr, boolean noCopyAddrs, boolean noCopyRoutes) {
}

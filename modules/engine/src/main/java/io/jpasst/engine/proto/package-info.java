/**
 * The protocols a guest speaks to us: services answered locally (l2: ARP, DHCP, NDP, DHCPv6) and
 * the L4 translations (tcp, udp, icmp) between guest frames and host sockets.
 */
package io.jpasst.engine.proto;

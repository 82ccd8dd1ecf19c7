/**
 * The built-in link-layer services: ARP, DHCP, NDP and DHCPv6 responders behind one entry point,
 * {@link io.jpasst.engine.proto.l2.L2Services#offer}, answering from an immutable
 * {@link io.jpasst.engine.proto.l2.L2Config} and learning into {@link io.jpasst.engine.proto.l2.GuestState}.
 */
package io.jpasst.engine.proto.l2;

/**
 * UDP flows between guest datagrams and host sockets: listeners, the batched send queue, the
 * loopback bypass, ICMP errors carried back, idle expiry.
 */
package io.jpasst.engine.proto.udp;

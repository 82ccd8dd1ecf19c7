/**
 * TCP between guest segments and host stream sockets, without a TCP stack of our own: sequence and
 * window bookkeeping, the frames we send, timeouts. TcpTap wires one class per concern: segments
 * from the guest, socket events, host data to the guest, segments to the guest, host-opened
 * connections, each flow's deadlines (on its expiry timer in the flow table, as for UDP and
 * ping: nothing scans the flows), on the state of TcpFlows.
 */
package io.jpasst.engine.proto.tcp;

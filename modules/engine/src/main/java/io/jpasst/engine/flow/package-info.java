/**
 * Flows: the one table of flows of every protocol (TCP, UDP, ICMP echo, splice), typed, with one
 * open, close and expiry path, each protocol keeping its state in arrays beside it, and the
 * sockets a flow opens towards the host. Address mapping is in {@link io.jpasst.engine.flow.nat},
 * port forwarding in {@link io.jpasst.engine.flow.fwd} and its rules in
 * {@link io.jpasst.engine.flow.rules}.
 */
package io.jpasst.engine.flow;

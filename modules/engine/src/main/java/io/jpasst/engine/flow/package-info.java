/**
 * Flows: the one table of flows of every protocol (TCP, UDP, ICMP echo, splice), typed, with one
 * open, close and expiry path, each protocol keeping its state in arrays beside it; the
 * guest-side address translation, and the sockets a flow opens towards the host.
 */
package io.jpasst.engine.flow;

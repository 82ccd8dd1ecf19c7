/**
 * Flows: the table of connections and their sides, the guest-side address translation, and the
 * sockets a flow opens towards the host.
 */
package io.jpasst.engine.flow;

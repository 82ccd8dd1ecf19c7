/**
 * pasta's local bypass for TCP: connections between the namespace's and the host's loopback joined
 * with pipes and splice(2).
 */
package io.jpasst.engine.socket.splice;

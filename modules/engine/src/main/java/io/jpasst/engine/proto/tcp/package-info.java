/**
 * TCP between guest segments and host stream sockets, without a TCP stack of our own: sequence and
 * window bookkeeping, the frames we send, timeouts.
 */
package io.jpasst.engine.proto.tcp;

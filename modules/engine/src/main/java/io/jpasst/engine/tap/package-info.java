/**
 * Where frames enter and leave: the guest-facing back ends (tun device, passt's stream socket,
 * vhost-user) behind one {@code TapBackend} interface. Data flows tap, packet, proto, flow,
 * socket; control and runtime sit beside that path.
 */
package io.jpasst.engine.tap;

/**
 * The network the guest sees, resolved once at start-up from the command line and the host's own
 * configuration (template interfaces, resolv.conf).
 */
package io.jpasst.engine.control.host;

/**
 * Port forwarding: the listeners that accept host- and namespace-side connections, automatic port
 * scanning, and where a forwarded flow is sent.
 */
package io.jpasst.engine.flow.fwd;

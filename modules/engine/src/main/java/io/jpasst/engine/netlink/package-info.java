/**
 * Routing netlink for jpasst: a bounds-checked codec ({@link io.jpasst.engine.netlink.RequestWriter},
 * {@link io.jpasst.engine.netlink.MessageCursor}, {@link io.jpasst.engine.netlink.AttrCursor}),
 * a synchronous session over one NETLINK_ROUTE socket ({@link io.jpasst.engine.netlink.Rtnetlink}),
 * reading the host's template interfaces ({@link io.jpasst.engine.netlink.HostNetwork}) and
 * configuring pasta's namespace ({@link io.jpasst.engine.netlink.NamespaceConfigurator}).
 *
 * <p>Sockets belong to the network namespace of the thread that opened them: open the host
 * session before joining the namespace (or on another thread) and the namespace session on
 * a thread that has joined it. Everything here is slow path and single-threaded per session.
 */
package io.jpasst.engine.netlink;

/**
 * Routing netlink for jpasst: a bounds-checked codec ({@link io.jpasst.engine.control.netlink.RequestWriter},
 * {@link io.jpasst.engine.control.netlink.MessageCursor}, {@link io.jpasst.engine.control.netlink.AttrCursor}),
 * a synchronous session over one NETLINK_ROUTE socket ({@link io.jpasst.engine.control.netlink.Rtnetlink}),
 * reading the host's template interfaces ({@link io.jpasst.engine.control.netlink.HostNetwork}) and
 * configuring pasta's namespace ({@link io.jpasst.engine.control.netlink.NamespaceConfigurator}).
 *
 * <p>Sockets belong to the network namespace of the thread that opened them: open the host
 * session before joining the namespace (or on another thread) and the namespace session on
 * a thread that has joined it. Everything here is slow path and single-threaded per session.
 */
package io.jpasst.engine.control.netlink;

/**
 * The control socket ({@code -c}): the pesto protocol through which a client reads and replaces
 * forwarding rules of a running instance.
 */
package io.jpasst.engine.control.pesto;

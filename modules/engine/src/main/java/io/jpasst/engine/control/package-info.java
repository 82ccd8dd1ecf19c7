/**
 * The control plane: configuration, host discovery, namespace and netlink set-up, the sandbox, and
 * the run-time pesto control socket.
 */
package io.jpasst.engine.control;

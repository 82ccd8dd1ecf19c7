/**
 * Entry points for passt and pasta and the wiring of an instance: which tap, which handlers, which
 * sockets.
 */
package io.jpasst.engine.runtime.app;

/**
 * The single-threaded epoll event loop: typed references dispatched through an array, and closes
 * deferred past the current batch of events.
 */
package io.jpasst.engine.runtime.loop;

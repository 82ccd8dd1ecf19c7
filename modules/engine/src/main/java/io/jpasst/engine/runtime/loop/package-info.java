/**
 * The single-threaded epoll event loop: typed references dispatched through an array, one-shot
 * cancellable timers on an injectable clock (every flow's expiry among them), a task queue for
 * other threads, and closes deferred past the current batch of events.
 */
package io.jpasst.engine.runtime.loop;

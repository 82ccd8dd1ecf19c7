/**
 * What runs the process: the entry points and wiring (app), the event loop, logging, counters and
 * lifecycle.
 */
package io.jpasst.engine.runtime;

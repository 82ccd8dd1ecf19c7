/**
 * Readiness (PID file, waking the caller) and ending the process when what it serves is gone.
 */
package io.jpasst.engine.runtime.lifecycle;

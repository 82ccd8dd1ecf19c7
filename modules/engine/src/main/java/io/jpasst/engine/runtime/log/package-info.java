/**
 * Process-wide logging with the C tools' levels, to standard error while starting and to the log
 * file afterwards.
 */
package io.jpasst.engine.runtime.log;

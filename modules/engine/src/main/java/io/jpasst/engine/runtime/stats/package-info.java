/**
 * Counters: drops by reason, packets per protocol, events per type, exported through JFR and
 * --stats.
 */
package io.jpasst.engine.runtime.stats;

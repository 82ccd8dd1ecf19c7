/**
 * Packet memory: the preallocated, bounds-checked buffer pool every frame lives in, big-endian
 * accessors, and the counted reasons a frame is dropped.
 */
package io.jpasst.engine.packet;

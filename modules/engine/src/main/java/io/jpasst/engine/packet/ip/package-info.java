/**
 * Header layouts, validation ({@link io.jpasst.engine.packet.ip.ParsedFrame}), the Internet checksum
 * ({@link io.jpasst.engine.packet.ip.Checksum}) and frame builders ({@link io.jpasst.engine.packet.ip.Frames})
 * over {@code (segment, offset, length)} ranges. Address representation on the data path: IPv4
 * is an {@code int} (192.0.2.1 == 0xC0000201), IPv6 two {@code long}s (hi = bytes 0..7,
 * lo = bytes 8..15, big-endian), a MAC the low 48 bits of a {@code long}.
 */
package io.jpasst.engine.packet.ip;

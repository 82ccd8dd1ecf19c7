/**
 * Address mapping: every rule that changes an address between the guest's view and the host's,
 * both ways and for every protocol ({@link io.jpasst.engine.flow.nat.AddressMap}, built once by
 * {@link io.jpasst.engine.flow.nat.AddressMapConfig}), and the data path's {hi, lo} form of an
 * address with its conversions ({@link io.jpasst.engine.flow.nat.HiLo},
 * {@link io.jpasst.engine.flow.nat.PeerAddress}). Allocation-free on the data path: answers are
 * left in the map for the caller to read.
 */
package io.jpasst.engine.flow.nat;

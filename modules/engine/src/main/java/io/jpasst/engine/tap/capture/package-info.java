/** Packet capture ({@code --pcap}): a tap decorator that copies every frame into a pcap file. */
package io.jpasst.engine.tap.capture;

/** ICMP and ICMPv6 echo frames between the guest and the ping-socket side. */
package io.jpasst.engine.proto.icmp;

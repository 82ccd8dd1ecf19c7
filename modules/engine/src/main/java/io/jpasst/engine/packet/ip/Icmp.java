package io.jpasst.engine.packet.ip;

/** ICMP and ICMPv6 header layout and the message types we handle (same layout for both). */
public final class Icmp {
    public static final int TYPE = 0;
    public static final int CODE = 1;
    public static final int CHECKSUM = 2;
    /** Echo identifier and sequence number; NDP messages use these 4 bytes differently. */
    public static final int ECHO_ID = 4;
    public static final int ECHO_SEQ = 6;
    public static final int HLEN = 8;

    public static final int V4_ECHO_REPLY = 0;
    public static final int V4_ECHO_REQUEST = 8;

    public static final int V6_ECHO_REQUEST = 128;
    public static final int V6_ECHO_REPLY = 129;
    public static final int V6_ROUTER_SOLICIT = 133;
    public static final int V6_ROUTER_ADVERT = 134;
    public static final int V6_NEIGHBOR_SOLICIT = 135;
    public static final int V6_NEIGHBOR_ADVERT = 136;

    private Icmp() {}
}

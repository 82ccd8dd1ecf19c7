package io.jpasst.engine.packet.ip;

/** UDP header layout. */
public final class Udp {
    public static final int SRC_PORT = 0;
    public static final int DST_PORT = 2;
    public static final int LEN = 4;
    public static final int CHECKSUM = 6;
    public static final int HLEN = 8;

    private Udp() {}
}

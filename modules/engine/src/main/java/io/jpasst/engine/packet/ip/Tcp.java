package io.jpasst.engine.packet.ip;

/** TCP header layout, for the TCP translation layer. */
public final class Tcp {
    public static final int SRC_PORT = 0;
    public static final int DST_PORT = 2;
    public static final int SEQ = 4;
    public static final int ACK = 8;
    /** Data offset (high nibble, in 32-bit words) and reserved bits. */
    public static final int DATA_OFF = 12;
    public static final int FLAGS = 13;
    public static final int WINDOW = 14;
    public static final int CHECKSUM = 16;
    public static final int URGENT = 18;
    public static final int HLEN = 20;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK_FLAG = 0x10;

    private Tcp() {}
}

package io.jpasst.engine.packet;

/** Why a frame, datagram or segment was dropped instead of forwarded. */
public enum DropReason {
    /** Shorter than its headers, or a length field disagrees with what arrived. */
    BAD_LENGTH,
    /** A header checksum does not verify. */
    BAD_CHECKSUM,
    /** An ethertype, IP protocol or message type we do not handle. */
    UNKNOWN_PROTOCOL,
    /** A header field with an impossible value (version, header length, option layout). */
    MALFORMED,
    /** Source or destination address we must not forward (loopback, multicast, our own). */
    BAD_ADDRESS,
    /** IP fragments: the guest side of a tap never needs them. */
    FRAGMENT,
    /** The service that would answer is switched off by an option. */
    DISABLED,
    /** No free descriptor in a packet pool. */
    POOL_FULL,
    /** No free slot in the flow table. */
    FLOW_TABLE_FULL,
    /** TCP sequence number outside the window. */
    OUT_OF_WINDOW,
    /** A host socket refused the data (its error is logged in debug mode). */
    SOCKET_ERROR,
    /** The passt stream carried a frame length outside 14..65535. */
    BAD_FRAME_LENGTH,
    /** A built-in responder's reply would not fit in the output buffer. */
    NO_ROOM,
    /** A frame for the guest found its output queue full: qemu stopped reading passt's socket. */
    GUEST_QUEUE_FULL,
    /** A well-formed request a built-in responder deliberately leaves unanswered (another
     *  server chosen, duplicate address detection, announcements). Counted, not an error. */
    NOT_ANSWERED,
    /** A frame could not be written to the {@code --pcap} file. It was forwarded all the same. */
    CAPTURE_FAILED,
    /** vhost-user: a descriptor chain or ring index the guest gave us points outside its
     *  memory or its ring, loops, or has the wrong direction. Its frame is skipped. */
    BAD_DESCRIPTOR;

    private static final DropReason[] ALL = values();

    public static DropReason of(int ordinal) {
        return ALL[ordinal];
    }

    public static int count() {
        return ALL.length;
    }
}

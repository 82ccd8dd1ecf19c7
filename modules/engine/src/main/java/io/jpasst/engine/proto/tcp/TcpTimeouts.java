package io.jpasst.engine.proto.tcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The timers of the TCP translation. Retransmissions to the guest back off from {@code rtoNs}
 * (doubling, at most {@code rtoMaxNs}) and give up after {@code maxRetransmissions} in a row
 * without progress: a guest that stopped answering gets a reset, and so does the host peer.
 * Our SYN to the guest (a connection the host side opened) goes again {@code synRetries}
 * times, the first {@code synLinear} after {@code rtoNs} each, then doubling, as the host
 * kernel does with its own SYNs; {@code synNs} bounds the whole handshake. Half-closed
 * connections go after {@code closingIdleNs} without traffic, any connection after
 * {@code activityNs} (both sides silent: two hours); a guest silent for {@code keepaliveNs}
 * gets a keepalive, so that one that forgot the connection answers with a reset.
 */
public record TcpTimeouts(long rtoNs, int maxRetransmissions, long closingIdleNs, long activityNs, long synNs,
                          int synRetries, int synLinear, long rtoMaxNs, long keepaliveNs) {
    /** The retransmission counter's limit (the C pasta keeps it in three bits). */
    static final int MAX_RETRIES = 7;
    static final long RTO_NS = 1_000_000_000L;
    static final long KEEPALIVE_NS = 30_000_000_000L;
    static final long CLOSING_NS = 60_000_000_000L;
    static final long ACTIVITY_NS = 7_200_000_000_000L;
    /** The kernel's defaults, for a system whose /proc does not say. */
    static final int SYN_RETRIES_DEFAULT = 6;
    static final int SYN_LINEAR_DEFAULT = 4;
    static final long RTO_MAX_MS_DEFAULT = 120_000;
    private static final long SECOND = 1_000_000_000L;

    /** The kernel's default sysctls. */
    public static final TcpTimeouts DEFAULT = derived(SYN_RETRIES_DEFAULT, SYN_LINEAR_DEFAULT, RTO_MAX_MS_DEFAULT);

    /** With the default handshake schedule, keepalive and backoff limit. */
    public TcpTimeouts(long rtoNs, int maxRetransmissions, long closingIdleNs, long activityNs) {
        this(rtoNs, maxRetransmissions, closingIdleNs, activityNs, DEFAULT.synNs);
    }

    /** With the default handshake schedule, keepalive and backoff limit, and a handshake limit. */
    public TcpTimeouts(long rtoNs, int maxRetransmissions, long closingIdleNs, long activityNs, long synNs) {
        this(rtoNs, maxRetransmissions, closingIdleNs, activityNs, synNs, DEFAULT.synRetries, DEFAULT.synLinear,
                DEFAULT.rtoMaxNs, DEFAULT.keepaliveNs);
    }

    /** From the host's {@code net.ipv4} sysctls, read once at start. */
    public static TcpTimeouts fromSystem() {
        return fromSysctls(Path.of("/proc/sys/net/ipv4"));
    }

    /**
     * From {@code tcp_syn_retries}, {@code tcp_syn_linear_timeouts} and {@code tcp_rto_max_ms}
     * in {@code dir}; each one missing or unreadable takes the kernel's default.
     */
    static TcpTimeouts fromSysctls(Path dir) {
        return derived((int) read(dir.resolve("tcp_syn_retries"), SYN_RETRIES_DEFAULT),
                (int) read(dir.resolve("tcp_syn_linear_timeouts"), SYN_LINEAR_DEFAULT),
                read(dir.resolve("tcp_rto_max_ms"), RTO_MAX_MS_DEFAULT));
    }

    private static TcpTimeouts derived(int synRetries, int synLinear, long rtoMaxMs) {
        // Both kernel values are at most 127 (MAX_TCP_SYNCNT); our counter stops at seven.
        int linear = Math.clamp(synLinear, 0, 127);
        int retries = Math.min(MAX_RETRIES, Math.clamp(synRetries, 0, 127) + linear);
        long rtoMax = Math.max(SECOND, Math.min(rtoMaxMs, Long.MAX_VALUE / 1_000_000L) * 1_000_000L);
        // The handshake lasts as long as its schedule: every try, then the last one's timeout.
        long total = 0;
        for (int i = 0; i <= retries; i++) {
            total += synRto(RTO_NS, linear, rtoMax, i);
        }
        return new TcpTimeouts(RTO_NS, MAX_RETRIES, CLOSING_NS, ACTIVITY_NS, total + SECOND, retries, linear,
                rtoMax, KEEPALIVE_NS);
    }

    private static long read(Path file, long fallback) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException | NumberFormatException | SecurityException e) {
            return fallback;
        }
    }

    /** The retransmission timeout after {@code retransmissions} unanswered ones. */
    long rto(int retransmissions) {
        return backoff(rtoNs, rtoMaxNs, retransmissions);
    }

    /** The timeout of our SYN to the guest after {@code retransmissions} of it. */
    long synRto(int retransmissions) {
        return synRto(rtoNs, synLinear, rtoMaxNs, retransmissions);
    }

    private static long synRto(long rto, int linear, long max, int retransmissions) {
        return backoff(rto, max, Math.max(0, retransmissions - linear));
    }

    private static long backoff(long base, long max, int exponent) {
        return exponent >= 30 ? max : Math.min(base << exponent, max);
    }
}

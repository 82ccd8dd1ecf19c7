package io.jpasst.sys;

import io.jpasst.sys.gen.socket.tcp_info;

/**
 * Geometry of the kernel's struct tcp_info (getsockopt TCP_INFO), for reading window and
 * acknowledgement state without a struct copy. Older kernels return a shorter struct: check
 * the length getsockopt reports against {@code offset + field size}.
 */
public final class TcpInfo {
    private TcpInfo() {}

    public static final int SIZE = (int) tcp_info.sizeof();
    public static final long STATE_OFF = tcp_info.tcpi_state$offset();
    public static final long SND_MSS_OFF = tcp_info.tcpi_snd_mss$offset();
    public static final long RCV_MSS_OFF = tcp_info.tcpi_rcv_mss$offset();
    public static final long RTT_OFF = tcp_info.tcpi_rtt$offset();
    public static final long MIN_RTT_OFF = tcp_info.tcpi_min_rtt$offset();
    public static final long SND_CWND_OFF = tcp_info.tcpi_snd_cwnd$offset();
    public static final long BYTES_ACKED_OFF = tcp_info.tcpi_bytes_acked$offset();
    public static final long BYTES_RECEIVED_OFF = tcp_info.tcpi_bytes_received$offset();
    public static final long SND_WND_OFF = tcp_info.tcpi_snd_wnd$offset();
    public static final long DELIVERY_RATE_OFF = tcp_info.tcpi_delivery_rate$offset();
    public static final long NOTSENT_BYTES_OFF = tcp_info.tcpi_notsent_bytes$offset();
}

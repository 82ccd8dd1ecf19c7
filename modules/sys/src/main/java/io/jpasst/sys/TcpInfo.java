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
}

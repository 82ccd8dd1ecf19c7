package io.jpasst.engine.runtime.loop;

/**
 * Event types carried in {@link EpollRef}: what kind of descriptor fired. Plain int constants
 * so the loop can index its handler table with them.
 */
public final class EventType {
    /** The loop's own wake-up eventfd. */
    public static final int WAKE = 0;
    /** pasta: the tap device. */
    public static final int TAP_PASTA = 1;
    /** passt: the connected qemu stream socket. */
    public static final int TAP_PASST = 2;
    /** passt: the listening UNIX socket. */
    public static final int TAP_LISTEN = 3;
    /** The target namespace or process went away. */
    public static final int NS_QUIT = 4;
    /** ICMP/ICMPv6 echo ("ping") sockets. */
    public static final int PING = 5;
    public static final int TCP = 6;
    public static final int TCP_SPLICE = 7;
    public static final int TCP_LISTEN = 8;
    public static final int TCP_TIMER = 9;
    public static final int UDP_LISTEN = 10;
    public static final int UDP = 11;
    /** The pesto control socket ({@code -c}): listening, or the one client being served. */
    public static final int CONTROL = 12;
    /** passt --vhost-user: the front-end's (qemu's) command socket. */
    public static final int VHOST_CMD = 13;
    /** passt --vhost-user: a kick eventfd of a queue other than the guest's transmit one. */
    public static final int VHOST_KICK = 14;
    /** pasta: a pidfd of the command it started, readable when the command exits. */
    public static final int COMMAND_EXIT = 15;

    /** Size of the handler table. */
    public static final int COUNT = 16;

    private static final String[] NAMES = {
        "wake", "tap (pasta)", "tap (passt)", "tap listen", "namespace quit", "ping",
        "tcp", "tcp splice", "tcp listen", "tcp timer", "udp listen", "udp", "control",
        "vhost-user command", "vhost-user kick", "command exit",
    };

    private EventType() {}

    public static String name(int type) {
        return type >= 0 && type < COUNT ? NAMES[type] : "unknown(" + type + ")";
    }
}

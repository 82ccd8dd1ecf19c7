/** The data path: packets in from the tap side, protocols, flows, sockets out. */
module io.jpasst.engine {
    requires transitive io.jpasst.sys;
    requires jdk.unsupported;
    requires jdk.management;
    requires jdk.jfr;

    exports io.jpasst.engine.app;
    exports io.jpasst.engine.conf;
    exports io.jpasst.engine.flow;
    exports io.jpasst.engine.icmp;
    exports io.jpasst.engine.ip;
    exports io.jpasst.engine.l2;
    exports io.jpasst.engine.loop;
    exports io.jpasst.engine.netlink;
    exports io.jpasst.engine.packet;
    exports io.jpasst.engine.tcp;
    exports io.jpasst.engine.stats;
    exports io.jpasst.engine.rules;
    // for the AOT training run only (it reads the host network as a real start does)
    exports io.jpasst.engine.host to io.jpasst.cli;
}

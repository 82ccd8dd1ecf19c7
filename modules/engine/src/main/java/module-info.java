/** The data path: packets in from the tap side, protocols, flows, sockets out. */
module io.jpasst.engine {
    requires transitive io.jpasst.sys;
    requires jdk.unsupported;
    requires jdk.management;
    requires jdk.jfr;

    exports io.jpasst.engine.packet;
    exports io.jpasst.engine.packet.ip;
    exports io.jpasst.engine.proto.icmp;
    exports io.jpasst.engine.proto.l2;
    exports io.jpasst.engine.proto.tcp;
    exports io.jpasst.engine.flow;
    exports io.jpasst.engine.flow.rules;
    exports io.jpasst.engine.control.conf;
    exports io.jpasst.engine.control.netlink;
    exports io.jpasst.engine.runtime.app;
    exports io.jpasst.engine.runtime.loop;
    exports io.jpasst.engine.runtime.stats;
    // for the AOT training run only (it reads the host network as a real start does)
    exports io.jpasst.engine.control.host to io.jpasst.cli;
}

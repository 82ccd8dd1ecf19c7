/** The data path: packets in from the tap side, protocols, flows, sockets out. */
module io.jpasst.engine {
    requires transitive io.jpasst.sys;
    requires jdk.unsupported;

    exports io.jpasst.engine.packet;
    exports io.jpasst.engine.netlink;
}

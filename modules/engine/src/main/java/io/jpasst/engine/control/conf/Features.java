package io.jpasst.engine.control.conf;

/** Switches that turn protocol handlers and address mappings off (or on), all default false. */
public record Features(boolean noTcp, boolean noUdp, boolean noIcmp, boolean noDhcp, boolean noNdp,
                       boolean noDhcpv6, boolean noRa, boolean noMapGw, boolean freebind,
                       boolean noSplice, boolean hostLoToNsLo) {
}

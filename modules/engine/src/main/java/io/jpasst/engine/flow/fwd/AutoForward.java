package io.jpasst.engine.flow.fwd;

import io.jpasst.engine.control.ns.NamespaceThread;
import java.util.BitSet;

/**
 * pasta's {@code auto} forwarding for one protocol: once a second, forwards the ports bound on
 * the other side. The namespace's tables are opened on the namespace thread (an open /proc/net
 * file keeps describing the namespace it was opened in), the host's on the calling thread;
 * both are then read on the loop thread, into reused bitmaps, so a rescan that finds nothing
 * new allocates nothing. Ports we hold ourselves on the scanned side are left out, or
 * {@code -t auto -T auto} would chase their own listeners.
 */
public final class AutoForward {
    /** How often the C tool rescans, and what callers expect. */
    public static final long PERIOD_NS = 1_000_000_000L;

    private final Listeners hostSide;
    private final Listeners nsSide;
    /** Scans the namespace, for the host's listeners; null unless they follow it. */
    private final PortScanner nsScan;
    /** Scans the host, for the namespace's listeners; null unless they follow it. */
    private final PortScanner hostScan;
    private final BitSet wanted = new BitSet(65536);
    /** Whether each direction still follows the other side (a pesto update may stop it). */
    private boolean hostFollows = true;
    private boolean nsFollows = true;

    /**
     * @param tcp      which tables to scan: TCP's listening sockets, or UDP's bound ones
     * @param hostSide the host's listeners ({@code -t}/{@code -u}), or null
     * @param hostAuto whether they follow the namespace's ports
     * @param nsSide   the namespace's listeners ({@code -T}/{@code -U}), or null
     * @param nsAuto   whether they follow the host's ports
     */
    public AutoForward(NamespaceThread ns, boolean tcp, Listeners hostSide, boolean hostAuto,
                       Listeners nsSide, boolean nsAuto) {
        this.hostSide = hostSide;
        this.nsSide = nsSide;
        this.nsScan = hostAuto && hostSide != null ? ns.call(() -> new PortScanner(tcp)) : null;
        this.hostScan = nsAuto && nsSide != null ? new PortScanner(tcp) : null;
    }

    public boolean active() {
        return nsScan != null || hostScan != null;
    }

    /**
     * After a table change: which directions keep following. A direction that did not follow
     * at start has no scanner and cannot start now.
     */
    public void follow(boolean host, boolean namespace) {
        hostFollows = host;
        nsFollows = namespace;
    }

    /**
     * Installs changed specs (pesto) in a pair of listeners: each side rebound to its new spec,
     * and {@code auto} (if running) told which sides still follow.
     *
     * @param nsSide null without the bypass
     */
    public static void reconfigure(AutoForward auto, Listeners hostSide, io.jpasst.engine.control.conf.ForwardSpec in,
                                   Listeners nsSide, io.jpasst.engine.control.conf.ForwardSpec out) {
        if (auto != null) {
            auto.follow(in.mode() == io.jpasst.engine.control.conf.ForwardMode.AUTO, out.mode() == io.jpasst.engine.control.conf.ForwardMode.AUTO);
        }
        hostSide.rebind(in);
        if (nsSide != null) {
            nsSide.rebind(out);
        }
    }

    /** One rescan; run from an {@code EventLoop.every} timer (and once before readiness). */
    public void rescan(long now) {
        if (nsScan != null && hostFollows) {
            follow(nsScan, nsSide, hostSide);
        }
        if (hostScan != null && nsFollows) {
            follow(hostScan, hostSide, nsSide);
        }
    }

    /** {@code follower} takes the ports bound on the scanned side, except those of {@code ours} there. */
    private void follow(PortScanner scanned, Listeners ours, Listeners follower) {
        wanted.clear();
        scanned.scan(wanted);
        if (ours != null) {
            ours.removeBoundFrom(wanted);
        }
        follower.update(wanted);
    }
}

package io.jpasst.engine.flow.fwd;

import io.jpasst.engine.control.ns.NamespaceThread;
import java.util.BitSet;

/**
 * pasta's {@code auto} forwarding for one protocol: once a second, the rules that follow a
 * scan get the ports bound on the other side. The namespace's tables are opened on the
 * namespace thread (an open /proc/net file keeps describing the namespace it was opened in),
 * the host's on the calling thread; both are then read on the loop thread, into reused
 * bitmaps, so a rescan that finds nothing new allocates nothing. Ports we hold ourselves on
 * the scanned side are left out, or {@code -t auto -T auto} would chase their own listeners.
 * A side scans while its table has such rules (pesto may add or remove them at run time).
 */
public final class AutoForward {
    /** How often the C tool rescans, and what callers expect. */
    public static final long PERIOD_NS = 1_000_000_000L;

    private final NamespaceThread ns;
    private final boolean tcp;
    private final Listeners hostSide;
    private final Listeners nsSide;
    /** Scans the namespace, for the host's listeners; opened when first needed. */
    private PortScanner nsScan;
    /** Scans the host, for the namespace's listeners; opened when first needed. */
    private PortScanner hostScan;
    private final BitSet wanted = new BitSet(65536);

    /**
     * @param tcp      which tables to scan: TCP's listening sockets, or UDP's bound ones
     * @param hostSide the host's listeners ({@code -t}/{@code -u})
     * @param nsSide   the namespace's listeners ({@code -T}/{@code -U}), or null without the bypass
     */
    public AutoForward(NamespaceThread ns, boolean tcp, Listeners hostSide, Listeners nsSide) {
        this.ns = ns;
        this.tcp = tcp;
        this.hostSide = hostSide;
        this.nsSide = nsSide;
    }

    /** Whether some rule follows a scan now. */
    public boolean active() {
        return hostSide.scanning() || (nsSide != null && nsSide.scanning());
    }

    /** One rescan; run from an {@code EventLoop.every} timer (and once before readiness). */
    public void rescan(long now) {
        if (hostSide.scanning()) {
            if (nsScan == null) {
                nsScan = ns.call(() -> new PortScanner(tcp));
            }
            follow(nsScan, nsSide, hostSide);
        }
        if (nsSide != null && nsSide.scanning()) {
            if (hostScan == null) {
                hostScan = new PortScanner(tcp);
            }
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

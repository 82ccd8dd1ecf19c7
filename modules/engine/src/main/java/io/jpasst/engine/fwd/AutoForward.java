package io.jpasst.engine.fwd;

import io.jpasst.engine.ns.NamespaceThread;
import java.util.BitSet;
import java.util.concurrent.Callable;

/**
 * pasta's {@code auto} forwarding for one protocol: once a second, forwards the ports bound on
 * the other side. The namespace is scanned on the namespace thread (its /proc/thread-self/net
 * is the namespace's), the host on the loop thread. Ports we hold ourselves on the scanned side
 * are left out, or {@code -t auto -T auto} would chase their own listeners.
 */
public final class AutoForward {
    /** How often the C tool rescans, and what callers expect. */
    public static final long PERIOD_NS = 1_000_000_000L;

    private final NamespaceThread ns;
    private final boolean tcp;
    private final Listeners hostSide;
    private final Listeners nsSide;
    private final boolean hostAuto;
    private final boolean nsAuto;
    private final Callable<BitSet> scanNamespace;

    /**
     * @param hostSide the host's listeners ({@code -t}/{@code -u}), or null
     * @param hostAuto whether they follow the namespace's ports
     * @param nsSide   the namespace's listeners ({@code -T}/{@code -U}), or null
     * @param nsAuto   whether they follow the host's ports
     */
    public AutoForward(NamespaceThread ns, boolean tcp, Listeners hostSide, boolean hostAuto,
                       Listeners nsSide, boolean nsAuto) {
        this.ns = ns;
        this.tcp = tcp;
        this.hostSide = hostSide;
        this.nsSide = nsSide;
        this.hostAuto = hostAuto && hostSide != null;
        this.nsAuto = nsAuto && nsSide != null;
        this.scanNamespace = () -> PortScanner.scan(tcp);
    }

    public boolean active() {
        return hostAuto || nsAuto;
    }

    /** One rescan; run from an {@code EventLoop.every} timer (and once before readiness). */
    public void rescan(long now) {
        if (hostAuto) {
            BitSet wanted = ns.call(scanNamespace);
            if (nsSide != null) {
                wanted.andNot(nsSide.bound());
            }
            hostSide.update(wanted);
        }
        if (nsAuto) {
            BitSet wanted = PortScanner.scan(tcp);
            if (hostSide != null) {
                wanted.andNot(hostSide.bound());
            }
            nsSide.update(wanted);
        }
    }
}

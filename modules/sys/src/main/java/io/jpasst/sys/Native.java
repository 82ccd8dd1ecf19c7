package io.jpasst.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the downcall handles of the typed layer from the generated bindings' addresses and
 * descriptors, adding errno capture. The only class (with the generated code) that sees
 * {@link Linker}.
 */
final class Native {
    private Native() {}

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    /** Capture-state segment layout ({@code errno} at a platform-defined offset). */
    static final MemoryLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    static final long ERRNO_OFFSET =
            CAPTURE_LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

    /** How a call may be linked: calls that can block must never be critical. */
    enum Mode { MAY_BLOCK, SHORT }

    /**
     * A handle for {@code address} whose parameters listed in {@code rawPointerParams} are
     * plain {@code long} addresses instead of {@code MemorySegment}s. Why: callers pass
     * {@code seg.address() + off} for a buffer region, which would otherwise need an
     * {@code asSlice} allocation per call; on LP64 a pointer is passed exactly like a 64-bit
     * integer, so the ABI is unchanged. The resulting handle takes the errno capture segment
     * as its first argument.
     *
     * <p>Callers keep each handle in a holder class of its own (as jextract does), so it is
     * linked on first use: linking costs milliseconds per handle, and a start-up needs few.
     */
    static MethodHandle downcall(MemorySegment address, FunctionDescriptor generated, Mode mode,
                                 int... rawPointerParams) {
        return LINKER.downcallHandle(address, rawPointers(generated, rawPointerParams), options(mode));
    }

    /** Same for a variadic function: {@code fixedArgs} parameters precede the variadic ones. */
    static MethodHandle variadic(MemorySegment address, FunctionDescriptor specialized, int fixedArgs,
                                 Mode mode, int... rawPointerParams) {
        List<Linker.Option> opts = new ArrayList<>(List.of(options(mode)));
        opts.add(Linker.Option.firstVariadicArg(fixedArgs));
        return LINKER.downcallHandle(address, rawPointers(specialized, rawPointerParams),
                opts.toArray(Linker.Option[]::new));
    }

    private static Linker.Option[] options(Mode mode) {
        return mode == Mode.SHORT
                ? new Linker.Option[] {ERRNO, Linker.Option.critical(false)}
                : new Linker.Option[] {ERRNO};
    }

    private static FunctionDescriptor rawPointers(FunctionDescriptor d, int... params) {
        MemoryLayout[] args = d.argumentLayouts().toArray(MemoryLayout[]::new);
        for (int p : params) {
            if (!(args[p] instanceof java.lang.foreign.AddressLayout)) {
                throw new IllegalArgumentException("parameter " + p + " of " + d + " is not a pointer");
            }
            args[p] = ValueLayout.JAVA_LONG;
        }
        return d.returnLayout().map(r -> FunctionDescriptor.of(r, args)).orElseGet(() -> FunctionDescriptor.ofVoid(args));
    }

    /**
     * The native address of {@code seg[off, off+len)}, after checking bounds, that the segment
     * is off-heap (a heap array has no stable address) and still alive (the raw address
     * bypasses the liveness check a segment argument would get).
     */
    static long region(MemorySegment seg, long off, long len) {
        java.util.Objects.checkFromIndexSize(off, len, seg.byteSize());
        if (!seg.isNative() || !seg.scope().isAlive()) {
            throw new IllegalArgumentException("not a live native segment: " + seg);
        }
        return seg.address() + off;
    }

    /** invokeExact declares Throwable; a downcall itself only fails on programming errors. */
    static AssertionError fail(Throwable t) {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new AssertionError("downcall failed", t);
    }
}

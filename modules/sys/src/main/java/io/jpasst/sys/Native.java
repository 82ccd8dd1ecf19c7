package io.jpasst.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);
    /**
     * Integer-only calls are linked with this many arguments, the unused ones filled with a
     * copy of the first, so that they share one stub per return type. Safe for non-variadic functions on LP64
     * Linux ABIs: the first six integer arguments travel in registers, which a callee taking
     * fewer simply does not read.
     */
    private static final int UNIFORM_ARITY = 6;
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
        return shared(address, rawPointers(generated, rawPointerParams), options(mode));
    }

    /**
     * Links {@code exact} through a descriptor whose {@code int} parameters are widened to
     * {@code long}, then narrows the handle's type back. Why: the linker generates a stub
     * class and about ten lambda-form classes per distinct descriptor, at run time (the AOT
     * cache cannot hold them), which was most of pasta's start-up; widened, most of our calls
     * share a handful of descriptors and so one stub each. ABI-neutral on LP64 (x86-64,
     * AArch64): an int argument travels in a 64-bit register whose upper half the callee
     * ignores. Return types and narrower arguments (whose extension the callee may rely on)
     * are left alone. The adapter is inlined with the constant handle: no cost per call.
     */
    private static MethodHandle shared(MemorySegment address, FunctionDescriptor exact, Linker.Option... options) {
        MemoryLayout[] args = exact.argumentLayouts().toArray(MemoryLayout[]::new);
        boolean[] narrow = new boolean[args.length];
        boolean widened = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof ValueLayout.OfInt) {
                args[i] = ValueLayout.JAVA_LONG;
                narrow[i] = widened = true;
            } else if (args[i] instanceof ValueLayout.OfLong) {
                args[i] = ValueLayout.JAVA_LONG; // without the name a binding may give it
            }
        }
        boolean variadic = Arrays.stream(options).anyMatch(o -> !(o.equals(ERRNO) || o.equals(CRITICAL)));
        int pad = !variadic && args.length > 0 && Arrays.stream(args).allMatch(ValueLayout.JAVA_LONG::equals)
                ? UNIFORM_ARITY - args.length : 0;
        MemoryLayout[] linked = Arrays.copyOf(args, args.length + Math.max(0, pad));
        Arrays.fill(linked, args.length, linked.length, ValueLayout.JAVA_LONG);
        FunctionDescriptor wide = exact.returnLayout().map(r -> FunctionDescriptor.of(plain(r), linked))
                .orElseGet(() -> FunctionDescriptor.ofVoid(linked));
        MethodHandle h = LINKER.downcallHandle(address, wide, options);
        if (pad > 0) {
            // Parameter 0 is the errno capture segment (every option set has it). The unused
            // arguments get a copy of the first one: a permutation is one lambda form, where
            // binding constants would spin a class per bound value.
            int[] reorder = new int[1 + UNIFORM_ARITY];
            for (int i = 0; i < reorder.length; i++) {
                reorder[i] = i <= args.length ? i : 1;
            }
            h = MethodHandles.permuteArguments(h, h.type().dropParameterTypes(1 + args.length, reorder.length), reorder);
        }
        if (!widened) {
            return h;
        }
        MethodType type = h.type();
        for (int i = 0; i < narrow.length; i++) {
            if (narrow[i]) {
                type = type.changeParameterType(i + 1, int.class);
            }
        }
        return MethodHandles.explicitCastArguments(h, type);
    }

    private static MemoryLayout plain(MemoryLayout l) {
        return l instanceof ValueLayout.OfInt ? ValueLayout.JAVA_INT : l instanceof ValueLayout.OfLong ? ValueLayout.JAVA_LONG : l;
    }

    /** Same for a variadic function: {@code fixedArgs} parameters precede the variadic ones. */
    static MethodHandle variadic(MemorySegment address, FunctionDescriptor specialized, int fixedArgs,
                                 Mode mode, int... rawPointerParams) {
        List<Linker.Option> opts = new ArrayList<>(List.of(options(mode)));
        opts.add(Linker.Option.firstVariadicArg(fixedArgs));
        // Widening is fine for variadic arguments too: an int is read from a 64-bit slot.
        return shared(address, rawPointers(specialized, rawPointerParams), opts.toArray(Linker.Option[]::new));
    }

    private static Linker.Option[] options(Mode mode) {
        return mode == Mode.SHORT
                ? new Linker.Option[] {ERRNO, CRITICAL}
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

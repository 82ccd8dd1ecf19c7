#!/usr/bin/env python3
"""Stand-in for jextract where it is not installed: emits jextract-shaped Java bindings.

For each shim header in native-headers/ it asks gcc (never a hand-typed number) for struct
sizes and member offsets, for the values of integer constants, and checks each function
prototype in spec.py against the real declaration. Output mirrors jextract 22: a header class
<area>_h (layouts, one lazy holder class per function, variadic invoker classes, constant
methods) and one class per struct/union. Regeneration is per architecture (x86_64 here).

usage: genbindings.py <native-headers dir> <output src dir>
       genbindings.py --areas
"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from spec import AREAS  # noqa: E402

PKG = "io.jpasst.sys.gen"
INT_TYPES = {"int", "unsigned int", "socklen_t", "__clockid_t", "__pid_t", "__uid_t", "__gid_t",
             "idtype_t", "__id_t", "uint32_t", "__rlimit_resource_t"}
LONG_TYPES = {"ssize_t", "size_t", "unsigned long", "long"}


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


# ---------------------------------------------------------------- gcc probes

def compile_run(src, hdr_dir):
    with tempfile.TemporaryDirectory() as d:
        c, exe = os.path.join(d, "p.c"), os.path.join(d, "p")
        open(c, "w").write(src)
        r = sh(["gcc", "-std=gnu11", "-Werror=incompatible-pointer-types", "-I", hdr_dir, c, "-o", exe])
        if r.returncode != 0:
            return None, r.stderr
        return sh([exe]).stdout, None


def read_includes(hdr_dir, area):
    """The jextract @argfile for one area: [(option, name)], '#' starts a comment."""
    words = []
    for line in open(os.path.join(hdr_dir, f"{area}.includes")):
        words += line.split("#", 1)[0].split()
    if len(words) % 2 or any(not o.startswith("--include-") for o in words[::2]):
        sys.exit(f"{area}.includes: expected '--include-<kind> <name>' pairs")
    return list(zip(words[::2], words[1::2]))


def selected(hdr_dir, area):
    """spec.py's functions and structs narrowed to the include list, and its constant names."""
    spec = AREAS[area]
    inc = read_includes(hdr_dir, area)
    names = {n for _, n in inc}
    fns = {parse_proto(p)[1]: p for p in spec["functions"]}
    tops = {cls: ctype for ctype, cls, _ in spec["structs"] if "@" not in ctype}
    for opt, n in inc:
        if opt == "--include-function" and n not in fns:
            sys.exit(f"{area}.includes: no prototype for {n} in spec.py")
        if opt in ("--include-struct", "--include-union", "--include-typedef") and n not in tops:
            sys.exit(f"{area}.includes: no member list for {n} in spec.py")
    functions = [p for f, p in fns.items() if f in names]
    # anonymous member types ('member@owner') come with their owner, as in jextract
    kept = {ctype for cls, ctype in tops.items() if cls in names}
    structs = [s for s in spec["structs"] if (s[0].split("@")[-1] if "@" in s[0] else s[0]) in kept]
    consts = sorted(n for o, n in inc if o == "--include-constant")
    return functions, structs, consts


def probe_constants(header, names, hdr_dir):
    """Keep names that are integer constant expressions; bisect compile failures."""
    def try_batch(batch):
        init = ",\n".join(f"  {{(long long)({n}), sizeof({n})}}" for n in batch)
        src = (f'#include "{header}"\n#include <stdio.h>\n'
               f"static const struct {{ long long v; int s; }} k[] = {{\n{init}\n}};\n"
               "int main(void) { for (unsigned i = 0; i < sizeof k / sizeof k[0]; i++)"
               ' printf("%lld %d\\n", k[i].v, k[i].s); return 0; }\n')
        out, _ = compile_run(src, hdr_dir)
        if out is None:
            return None
        return [tuple(int(x) for x in l.split()) for l in out.splitlines()]

    def solve(batch):
        if not batch:
            return {}
        res = try_batch(batch)
        if res is not None:
            return dict(zip(batch, res))
        if len(batch) == 1:
            return {}
        mid = len(batch) // 2
        return {**solve(batch[:mid]), **solve(batch[mid:])}
    return solve(names)


def c_type_of(ctype):
    """'struct x' / 'siginfo_t' / 'member@struct outer' -> a C type expression."""
    if "@" in ctype:
        member, outer = ctype.split("@")
        return f"__typeof__((({outer} *)0)->{member})"
    return ctype


def field_parts(f):
    if ":" in f:
        n, cls = f.split(":")
        return n, "struct", cls
    if f.endswith("*"):
        return f[:-1], "ptr", None
    if f.endswith("[]"):
        return f[:-2], "array", None
    return f, "scalar", None


def probe_structs(header, structs, hdr_dir):
    lines = []
    for ctype, cls, fields in structs:
        t = c_type_of(ctype)
        lines.append(f'  printf("S {cls} %zu\\n", sizeof({t}));')
        for f in fields:
            n, kind, _ = field_parts(f)
            elem = f"sizeof((({t} *)0)->{n}[0])" if kind == "array" else f"sizeof((({t} *)0)->{n})"
            lines.append(f'  printf("F {cls} {n} %zu %zu %zu\\n", offsetof({t}, {n}), '
                         f"sizeof((({t} *)0)->{n}), {elem});")
    src = (f'#include "{header}"\n#include <stdio.h>\n#include <stddef.h>\n'
           "int main(void) {\n" + "\n".join(lines) + "\n  return 0;\n}\n")
    out, err = compile_run(src, hdr_dir)
    if out is None:
        sys.exit(f"struct probe for {header} failed:\n{err}")
    sizes, offs = {}, {}
    for l in out.splitlines():
        p = l.split()
        if p[0] == "S":
            sizes[p[1]] = int(p[2])
        else:
            offs[(p[1], p[2])] = tuple(int(x) for x in p[3:])
    return sizes, offs


def parse_proto(proto):
    m = re.fullmatch(r"(.+?)\s*\b(\w+)\((.*)\)", proto)
    ret, name, params = m.group(1).strip(), m.group(2), m.group(3).strip()
    ps, variadic = [], False
    if params and params != "void":
        for p in params.split(","):
            p = p.strip()
            if p == "...":
                variadic = True
                continue
            pm = re.fullmatch(r"(.+?)\s*\b(\w+)", p)
            ps.append((pm.group(1).strip(), pm.group(2)))
    return ret, name, ps, variadic


def check_protos(header, functions, hdr_dir):
    checks = []
    for proto in functions:
        ret, name, ps, variadic = parse_proto(proto)
        args = ", ".join([t for t, _ in ps] + (["..."] if variadic else [])) or "void"
        checks.append(f"static {ret} (*chk_{name})({args}) __attribute__((unused)) = {name};")
    src = f'#include "{header}"\n' + "\n".join(checks) + "\nint main(void) { return 0; }\n"
    out, err = compile_run(src, hdr_dir)
    if out is None:
        sys.exit(f"prototype check for {header} failed:\n{err}")


# ---------------------------------------------------------------- Java emission

def layout_of(ctype, h):
    t = ctype.replace("const ", "").strip()
    if "*" in t:
        return f"{h}.C_POINTER", "MemorySegment"
    if t == "void":
        return None, "void"
    if t in INT_TYPES:
        return f"{h}.C_INT", "int"
    if t in LONG_TYPES:
        return f"{h}.C_LONG", "long"
    if t == "unsigned long":
        return f"{h}.C_LONG", "long"
    if t.startswith("cap_user_"):
        return f"{h}.C_POINTER", "MemorySegment"
    sys.exit(f"unmapped C type {ctype}")


SCALAR = {1: ("C_CHAR", "OfByte", "byte"), 2: ("C_SHORT", "OfShort", "short"),
          4: ("C_INT", "OfInt", "int"), 8: ("C_LONG", "OfLong", "long")}

HEADER_PRELUDE = """// Generated by jextract-bindings/tools/genbindings.py in jextract's output shape,
// for x86_64 (on aarch64 struct epoll_event is not packed: regenerate there). Do not edit.

package {pkg};

import java.lang.invoke.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
import java.util.*;
import java.util.function.*;
import java.util.stream.*;

import static java.lang.foreign.ValueLayout.*;
import static java.lang.foreign.MemoryLayout.PathElement.*;

public class {h} {{

    {h}() {{
        // Should not be called directly
    }}

    static final Arena LIBRARY_ARENA = Arena.ofAuto();
    static final boolean TRACE_DOWNCALLS = Boolean.getBoolean("jextract.trace.downcalls");

    static void traceDowncall(String name, Object... args) {{
         String traceArgs = Arrays.stream(args)
                       .map(Object::toString)
                       .collect(Collectors.joining(", "));
         System.out.printf("%s(%s)\\n", name, traceArgs);
    }}

    static MemorySegment findOrThrow(String symbol) {{
        return SYMBOL_LOOKUP.find(symbol)
            .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }}

    static MethodHandle upcallHandle(Class<?> fi, String name, FunctionDescriptor fdesc) {{
        try {{
            return MethodHandles.lookup().findVirtual(fi, name, fdesc.toMethodType());
        }} catch (ReflectiveOperationException ex) {{
            throw new AssertionError(ex);
        }}
    }}

    static MemoryLayout align(MemoryLayout layout, long align) {{
        return switch (layout) {{
            case PaddingLayout p -> p;
            case ValueLayout v -> v.withByteAlignment(align);
            case GroupLayout g -> {{
                MemoryLayout[] alignedMembers = g.memberLayouts().stream()
                        .map(m -> align(m, align)).toArray(MemoryLayout[]::new);
                yield g instanceof StructLayout ?
                        MemoryLayout.structLayout(alignedMembers) : MemoryLayout.unionLayout(alignedMembers);
            }}
            case SequenceLayout s -> MemoryLayout.sequenceLayout(s.elementCount(), align(s.elementLayout(), align));
        }};
    }}

    static final SymbolLookup SYMBOL_LOOKUP = SymbolLookup.loaderLookup()
            .or(Linker.nativeLinker().defaultLookup());

    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, JAVA_BYTE));
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
"""


def emit_function(proto, h):
    ret, name, ps, variadic = parse_proto(proto)
    rl, rj = layout_of(ret, h)
    pls = [layout_of(t, h) for t, _ in ps]
    names = [n for _, n in ps]
    desc_layouts = ([rl] if rl else []) + [l for l, _ in pls]
    ctor = "FunctionDescriptor.of" if rl else "FunctionDescriptor.ofVoid"
    desc = f"{ctor}(\n" + ",\n".join(f"            {l}" for l in desc_layouts) + "\n        )"
    params = ", ".join(f"{j} {n}" for (_, j), n in zip(pls, names))
    args = ", ".join(names)
    cast = "" if rj == "void" else f"return ({rj})"
    snippet = f"""    /**
     * {{@snippet lang=c :
     * extern {proto}
     * }}
     */"""
    if not variadic:
        return f"""
    private static class {name} {{
        public static final FunctionDescriptor DESC = {desc};

        public static final MemorySegment ADDR = {h}.findOrThrow("{name}");

        // Linked on first use only: the typed layer takes DESC and ADDR and links its own.
        static final class Lazy {{
            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }}
    }}

    /**
     * Function descriptor for:
     * {{@snippet lang=c :
     * extern {proto}
     * }}
     */
    public static FunctionDescriptor {name}$descriptor() {{
        return {name}.DESC;
    }}

    /**
     * Downcall method handle for:
     * {{@snippet lang=c :
     * extern {proto}
     * }}
     */
    public static MethodHandle {name}$handle() {{
        return {name}.Lazy.HANDLE;
    }}

    /**
     * Address for:
     * {{@snippet lang=c :
     * extern {proto}
     * }}
     */
    public static MemorySegment {name}$address() {{
        return {name}.ADDR;
    }}

{snippet}
    public static {rj} {name}({params}) {{
        var mh$ = {name}.Lazy.HANDLE;
        try {{
            if (TRACE_DOWNCALLS) {{
                traceDowncall("{name}"{", " + args if args else ""});
            }}
            {cast}mh${'' if False else ''}.invokeExact({args});
        }} catch (Throwable ex$) {{
           throw new AssertionError("should not reach here", ex$);
        }}
    }}
""".replace("return (" + rj + ")mh$", "return (" + rj + ")mh$")
    vparams = (params + ", " if params else "") + "Object... x" + str(len(ps))
    vargs = (args + ", " if args else "") + "x" + str(len(ps))
    return f"""
    /**
     * Variadic invoker class for:
     * {{@snippet lang=c :
     * extern {proto}
     * }}
     */
    public static class {name} {{
        private static final FunctionDescriptor BASE_DESC = {desc};
        private static final MemorySegment ADDR = {h}.findOrThrow("{name}");

        private final MethodHandle handle;
        private final FunctionDescriptor descriptor;
        private final MethodHandle spreader;

        private {name}(MethodHandle handle, FunctionDescriptor descriptor, MethodHandle spreader) {{
            this.handle = handle;
            this.descriptor = descriptor;
            this.spreader = spreader;
        }}

        /**
         * Variadic invoker factory for:
         * {{@snippet lang=c :
         * extern {proto}
         * }}
         */
        public static {name} makeInvoker(MemoryLayout... layouts) {{
            FunctionDescriptor desc$ = BASE_DESC.appendArgumentLayouts(layouts);
            Linker.Option fva$ = Linker.Option.firstVariadicArg(BASE_DESC.argumentLayouts().size());
            var mh$ = Linker.nativeLinker().downcallHandle(ADDR, desc$, fva$);
            var spreader$ = mh$.asSpreader(Object[].class, layouts.length);
            return new {name}(mh$, desc$, spreader$);
        }}

        /**
         * {{@return the descriptor of a call with these variadic layouts}} Unlike
         * {{@link #makeInvoker}}, links nothing (not in jextract's output).
         */
        public static FunctionDescriptor descriptorFor(MemoryLayout... layouts) {{
            return BASE_DESC.appendArgumentLayouts(layouts);
        }}

        /**
         * {{@return the address}}
         */
        public static MemorySegment address() {{
            return ADDR;
        }}

        /**
         * {{@return the specialized method handle}}
         */
        public MethodHandle handle() {{
            return handle;
        }}

        /**
         * {{@return the specialized descriptor}}
         */
        public FunctionDescriptor descriptor() {{
            return descriptor;
        }}

        public {rj} apply({vparams}) {{
            try {{
                if (TRACE_DOWNCALLS) {{
                    traceDowncall("{name}", {vargs});
                }}
                {cast}spreader.invokeExact({vargs});
            }} catch(IllegalArgumentException | ClassCastException ex$)  {{
                throw ex$; // rethrow IAE from passing wrong number/type of args
            }} catch (Throwable ex$) {{
               throw new AssertionError("should not reach here", ex$);
            }}
        }}
    }}
"""


def emit_constant(name, value, size):
    if size > 4:
        return f"""    private static final long {name} = {value}L;
    /**
     * {{@snippet lang=c :
     * #define {name} {value}
     * }}
     */
    public static long {name}() {{
        return {name};
    }}
"""
    return f"""    private static final int {name} = (int){value}L;
    /**
     * {{@snippet lang=c :
     * #define {name} {value}
     * }}
     */
    public static int {name}() {{
        return {name};
    }}
"""


def java_layout(kind, cls, size, elem, h, offset):
    """(layout expression, natural alignment, value-layout class or None, java type)."""
    if kind == "ptr":
        return f"{h}.C_POINTER", 8, "AddressLayout", "MemorySegment"
    if kind == "struct":
        return f"{cls}.layout()", None, None, None
    if kind == "array":
        c, _, _ = SCALAR[elem]
        return f"MemoryLayout.sequenceLayout({size // elem}, {h}.{c})", elem, "SequenceLayout", None
    c, of, j = SCALAR[size]
    return f"{h}.{c}", size, of, j


def struct_members(cls, fields, sizes, offs, h, aligns):
    """Layout members with explicit padding where gcc says there is a gap; align() if packed."""
    members, accessors, pos, maxalign = [], [], 0, 1
    for f in fields:
        n, kind, sub = field_parts(f)
        off, size, elem = offs[(cls, n)]
        expr, al, vcls, jt = java_layout(kind, sub, size, elem, h, off)
        if kind == "struct":
            al = aligns[sub]
        if off > pos:
            members.append(f"MemoryLayout.paddingLayout({off - pos})")
        elif off < pos and not is_union(cls):
            sys.exit(f"{cls}.{n}: overlapping member at {off}")
        if off % al:
            al = off & -off  # packed: jextract wraps the member with align()
            expr = f"{h}.align({expr}, {al})"
        maxalign = max(maxalign, al)
        members.append(f"{expr}.withName(\"{n}\")")
        accessors.append((n, kind, sub, off, size, vcls, jt))
        if not is_union(cls):
            pos = off + size
        else:
            pos = max(pos, size)
    total = sizes[cls]
    if total > pos:
        # a union's size is its largest member's: pad with a member of the full size
        members.append(f"MemoryLayout.paddingLayout({total if is_union(cls) else total - pos})")
    return members, accessors, maxalign


UNIONS = set()


def is_union(cls):
    return cls in UNIONS


def emit_accessor(owner, n, kind, sub, off, vcls, jt):
    if kind in ("struct", "array"):
        lt = "GroupLayout" if kind == "struct" else "SequenceLayout"
        sel = f"({lt})$LAYOUT.select(groupElement(\"{n}\"))"
        return f"""
    private static final {lt} {n}$LAYOUT = {sel};

    public static final {lt} {n}$layout() {{
        return {n}$LAYOUT;
    }}

    private static final long {n}$OFFSET = {off};

    public static final long {n}$offset() {{
        return {n}$OFFSET;
    }}

    public static MemorySegment {n}(MemorySegment struct) {{
        return struct.asSlice({n}$OFFSET, {n}$LAYOUT.byteSize());
    }}

    public static void {n}(MemorySegment struct, MemorySegment fieldValue) {{
        MemorySegment.copy(fieldValue, 0L, struct, {n}$OFFSET, {n}$LAYOUT.byteSize());
    }}
"""
    lt = vcls if vcls == "AddressLayout" else vcls
    return f"""
    private static final {lt} {n}$LAYOUT = ({lt})$LAYOUT.select(groupElement("{n}"));

    public static final {lt} {n}$layout() {{
        return {n}$LAYOUT;
    }}

    private static final long {n}$OFFSET = {off};

    public static final long {n}$offset() {{
        return {n}$OFFSET;
    }}

    public static {jt} {n}(MemorySegment struct) {{
        return struct.get({n}$LAYOUT, {n}$OFFSET);
    }}

    public static void {n}(MemorySegment struct, {jt} fieldValue) {{
        struct.set({n}$LAYOUT, {n}$OFFSET, fieldValue);
    }}
"""


STRUCT_TAIL = """
    /**
     * Obtains a slice of {@code arrayParam} which selects the array element at {@code index}.
     * The returned segment has address {@code arrayParam.address() + index * layout().byteSize()}
     */
    public static MemorySegment asSlice(MemorySegment array, long index) {
        return array.asSlice(layout().byteSize() * index);
    }

    /**
     * The size (in bytes) of this struct
     */
    public static long sizeof() { return layout().byteSize(); }

    /**
     * Allocate a segment of size {@code layout().byteSize()} using {@code allocator}
     */
    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate(layout());
    }

    /**
     * Allocate an array of size {@code elementCount} using {@code allocator}.
     * The returned segment has size {@code elementCount * layout().byteSize()}.
     */
    public static MemorySegment allocateArray(long elementCount, SegmentAllocator allocator) {
        return allocator.allocate(MemoryLayout.sequenceLayout(elementCount, layout()));
    }

    /**
     * Reinterprets {@code addr} using target {@code arena} and {@code cleanupAction} (if any).
     * The returned segment has size {@code layout().byteSize()}
     */
    public static MemorySegment reinterpret(MemorySegment addr, Arena arena, Consumer<MemorySegment> cleanup) {
        return reinterpret(addr, 1, arena, cleanup);
    }

    /**
     * Reinterprets {@code addr} using target {@code arena} and {@code cleanupAction} (if any).
     * The returned segment has size {@code elementCount * layout().byteSize()}
     */
    public static MemorySegment reinterpret(MemorySegment addr, long elementCount, Arena arena, Consumer<MemorySegment> cleanup) {
        return addr.reinterpret(layout().byteSize() * elementCount, arena, cleanup);
    }
}
"""


def emit_struct(area, h, ctype, cls, fields, sizes, offs, aligns):
    members, accessors, maxalign = struct_members(cls, fields, sizes, offs, h, aligns)
    aligns[cls] = maxalign
    group = "unionLayout" if is_union(cls) else "structLayout"
    body = ",\n".join(f"        {m}" for m in members)
    cname = ctype.split("@")[0] if "@" in ctype else ctype
    nested = "@" in ctype
    out = [f"""/**
 * {{@snippet lang=c :
 * {cname} (size {sizes[cls]}, members: {", ".join(field_parts(f)[0] for f in fields)})
 * }}
 */
public {"static " if nested else ""}class {cls} {{

    {cls}() {{
        // Should not be called directly
    }}

    private static final GroupLayout $LAYOUT = MemoryLayout.{group}(
{body}
    ).withName("{cname.split()[-1]}");

    /**
     * The layout of this struct
     */
    public static final GroupLayout layout() {{
        return $LAYOUT;
    }}
"""]
    for n, kind, sub, off, size, vcls, jt in accessors:
        out.append(emit_accessor(cls, n, kind, sub, off, vcls, jt))
    out.append(STRUCT_TAIL)
    return "".join(out)


FILE_PRELUDE = """// Generated by jextract-bindings/tools/genbindings.py in jextract's output shape,
// for x86_64 (on aarch64 struct epoll_event is not packed: regenerate there). Do not edit.

package {pkg};

import java.lang.invoke.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
import java.util.*;
import java.util.function.*;
import java.util.stream.*;

import static java.lang.foreign.ValueLayout.*;
import static java.lang.foreign.MemoryLayout.PathElement.*;

"""


def nest(outer_body, inner_body):
    """Puts an anonymous member type inside its owner's class, as jextract does."""
    inner = "".join("    " + l if l.strip() else l for l in inner_body.splitlines(True))
    head, _, _ = outer_body.rstrip().rpartition("}")
    return head + "\n" + inner + "}\n"


def generate(hdr_dir, out_dir):
    for area in AREAS:
        header, h = f"{area}.h", f"{area}_h"
        pkg_dir = os.path.join(out_dir, *PKG.split("."), area)
        os.makedirs(pkg_dir, exist_ok=True)
        for f in os.listdir(pkg_dir):
            os.remove(os.path.join(pkg_dir, f))
        functions, structs, names = selected(hdr_dir, area)
        check_protos(header, functions, hdr_dir)
        consts = probe_constants(header, names, hdr_dir)
        missing = sorted(set(names) - set(consts))
        if missing:
            sys.exit(f"{area}.includes: not integer constants in {header}: {' '.join(missing)}")
        for ctype, cls, _ in structs:
            if ctype.startswith("union ") or (cls in ("ifr_ifrn", "ifr_ifru")):
                UNIONS.add(cls)
        sizes, offs = probe_structs(header, structs, hdr_dir) if structs else ({}, {})
        text = [HEADER_PRELUDE.format(pkg=f"{PKG}.{area}", h=h)]
        for proto in functions:
            text.append(emit_function(proto, h))
        for n in sorted(consts):
            v, s = consts[n]
            text.append(emit_constant(n, v, s))
        text.append("}\n")
        open(os.path.join(pkg_dir, f"{h}.java"), "w").write("".join(text))
        aligns = {}
        # nested members first so their alignment is known
        order = sorted(structs, key=lambda s: 0 if any(
            f.endswith(":" + s[1]) for _, _, fs in structs for f in fs) else 1)
        bodies = {}
        for ctype, cls, fields in order:
            bodies[ctype] = emit_struct(area, h, ctype, cls, fields, sizes, offs, aligns)
        for ctype, cls, _ in structs:
            if "@" in ctype:
                owner = ctype.split("@")[1]
                bodies[owner] = nest(bodies[owner], bodies.pop(ctype))
        for ctype, cls, _ in structs:
            if ctype in bodies:
                open(os.path.join(pkg_dir, f"{cls}.java"), "w").write(
                    FILE_PRELUDE.format(pkg=f"{PKG}.{area}") + bodies[ctype])
        print(f"{area}: {len(functions)} functions, {len(structs)} structs, "
              f"{len(consts)} constants")


if __name__ == "__main__":
    if sys.argv[1] == "--areas":
        print(" ".join(AREAS))
    else:
        generate(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]))

#!/usr/bin/env python3
"""Writes the include lists (native-headers/<area>.includes) from what the typed layer uses.

Reads the compiled classes of modules/sys (run `mvn -pl modules/sys compile` first): every
reference from a class outside io/jpasst/sys/gen to a generated member names something to
keep; struct classes the kept ones lay out (mmsghdr holds a msghdr) are kept with them.
The lists name only what already exists in the bindings, so adding a new use means
adding its line to the list by hand (the prototype or struct to spec.py) and regenerating;
this script is for pruning. BindingsUsedTest fails when a list and the bindings or the
uses disagree.

usage: uses.py <modules/sys/target/classes> <native-headers dir>
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from spec import AREAS  # noqa: E402

GEN = "io/jpasst/sys/gen/"
# what every header class has besides functions and constants
HELPERS = {"align", "findOrThrow", "upcallHandle", "traceDowncall", "LIBRARY_ARENA",
           "TRACE_DOWNCALLS", "SYMBOL_LOOKUP", "<init>"}


def references(path):
    """(class, member) pairs for each field/method reference; (class, None) for each class."""
    data = open(path, "rb").read()
    count = struct.unpack_from(">H", data, 8)[0]
    pool, pos, i = {}, 10, 1
    while i < count:
        tag = data[pos]
        if tag == 1:
            n = struct.unpack_from(">H", data, pos + 1)[0]
            pool[i] = ("utf8", data[pos + 3:pos + 3 + n].decode("utf-8", "replace"))
            pos += 3 + n
        elif tag in (7, 8, 16, 19, 20):
            pool[i] = (tag, struct.unpack_from(">H", data, pos + 1)[0])
            pos += 3
        elif tag == 15:
            pos += 4
        elif tag in (3, 4):
            pos += 5
        elif tag in (5, 6):
            pos += 9
            i += 1
        elif tag in (9, 10, 11, 12, 17, 18):
            pool[i] = (tag, struct.unpack_from(">HH", data, pos + 1))
            pos += 5
        else:
            sys.exit(f"{path}: constant pool tag {tag}")
        i += 1

    def utf(k):
        return pool[k][1]
    out = set()
    for tag, v in pool.values():
        if tag == 7:
            out.add((utf(v), None))
        elif tag in (9, 10, 11):
            cls = utf(pool[v[0]][1])
            out.add((cls, utf(pool[v[1]][1][0])))
    return out


def scan(classes):
    users, gen = set(), {}
    for d, _, files in os.walk(classes):
        for f in files:
            if f.endswith(".class"):
                p = os.path.join(d, f)
                rel = os.path.relpath(p, classes)[:-len(".class")]
                if rel.startswith(GEN):
                    gen[rel] = references(p)
                else:
                    users |= references(p)
    return users, gen


def includes(users, gen, area):
    spec = AREAS[area]
    pkg = GEN + area + "/"
    header = pkg + area + "_h"
    member_refs = {m for c, m in users if c == header and m}
    nested_refs = {c[len(header) + 1:] for c, _ in users if c.startswith(header + "$")}
    functions = [p.split("(")[0].split()[-1].lstrip("*") for p in spec["functions"]]
    used_fns = [f for f in functions
                if f in nested_refs or any(m == f or m.startswith(f + "$") for m in member_refs)]
    consts = sorted(m for m in member_refs
                    if "$" not in m and m not in functions and not m.startswith("C_")
                    and m not in HELPERS)
    # struct classes: referenced directly, then whatever the kept ones lay out
    keep = {c[len(pkg):].split("$")[0] for c, _ in users if c.startswith(pkg) and c != header
            and not c.startswith(header + "$")}
    grow = True
    while grow:
        grow = False
        for s in list(keep):
            for c, _ in gen.get(pkg + s, ()):
                n = c[len(pkg):].split("$")[0] if c.startswith(pkg) else None
                if n and c != header and n not in keep and pkg + n in gen:
                    keep.add(n)
                    grow = True
    lines = [f"# What jextract generates from {area}.h: jextract @argfile, passed by",
             "# ../jextract-bindings/regenerate.sh. Only what modules/sys uses (BindingsUsedTest).",
             ""]
    lines += [f"--include-function {f}" for f in used_fns]
    for ctype, cls, _ in spec["structs"]:
        if cls in keep and "@" not in ctype:
            kind = ("--include-union" if ctype.startswith("union ") else
                    "--include-struct" if ctype.startswith("struct ") else "--include-typedef")
            lines.append(f"{kind} {cls}")
    lines += [f"--include-constant {c}" for c in consts]
    return "\n".join(lines) + "\n", len(used_fns), len(keep), len(consts)


def main(classes, hdr_dir):
    users, gen = scan(classes)
    for area in AREAS:
        text, f, s, c = includes(users, gen, area)
        open(os.path.join(hdr_dir, f"{area}.includes"), "w").write(text)
        print(f"{area}: {f} functions, {s} structs, {c} constants")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

#!/bin/sh
# Regenerates the committed bindings in jextract-bindings/src from native-headers/.
# Bindings are per architecture (struct epoll_event is packed on x86_64 only, C_LONG and
# several constants differ): run this on the target architecture and commit the result.
#
# What to generate is native-headers/<area>.includes, a jextract @argfile listing exactly
# the functions, structs and constants modules/sys uses (tools/uses.py prunes it from the
# compiled classes; BindingsUsedTest keeps list, bindings and uses in agreement). With
# jextract on PATH it runs the real tool, one header per package, with that argfile.
# Without it, tools/genbindings.py emits the same shape from gcc probes, for the same lists.
# Either way, `mvn -pl modules/sys test` (GeneratedLayoutTest) then compares every size,
# offset and constant with the C compiler.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
hdr=$root/native-headers
out=$root/jextract-bindings/src
tools=$root/jextract-bindings/tools

if command -v jextract >/dev/null 2>&1; then
    for area in $(python3 "$tools/genbindings.py" --areas); do
        rm -rf "$out/io/jpasst/sys/gen/$area"
        jextract --output "$out" \
            --target-package "io.jpasst.sys.gen.$area" \
            --header-class-name "${area}_h" \
            -I "$hdr" @"$hdr/$area.includes" "$hdr/$area.h"
        echo "$area: jextract"
    done
else
    echo "jextract not found: using tools/genbindings.py (gcc probes, jextract's output shape)" >&2
    python3 "$tools/genbindings.py" "$hdr" "$out"
fi

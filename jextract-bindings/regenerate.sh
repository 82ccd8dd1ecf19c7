#!/bin/sh
# Regenerates the committed bindings in jextract-bindings/src from native-headers/.
# Bindings are per architecture (struct epoll_event is packed on x86_64 only, C_LONG and
# several constants differ): run this on the target architecture and commit the result.
#
# With jextract on PATH it runs the real tool, one header per package, with the include
# filters computed from tools/spec.py (functions, structs, and the constants that are
# integer constant expressions). Without it, tools/genbindings.py emits the same shape
# from gcc probes. Either way, `mvn -pl modules/sys test` (GeneratedLayoutTest) then
# compares every size, offset and constant with the C compiler.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
hdr=$root/native-headers
out=$root/jextract-bindings/src
tools=$root/jextract-bindings/tools

if command -v jextract >/dev/null 2>&1; then
    args=$(mktemp)
    trap 'rm -f "$args"' EXIT
    for area in $(python3 "$tools/genbindings.py" --areas); do
        rm -rf "$out/io/jpasst/sys/gen/$area"
        python3 "$tools/genbindings.py" --jextract-args "$hdr" "$area" > "$args"
        jextract --output "$out" \
            --target-package "io.jpasst.sys.gen.$area" \
            --header-class-name "${area}_h" \
            -I "$hdr" @"$args" "$hdr/$area.h"
        echo "$area: jextract"
    done
else
    echo "jextract not found: using tools/genbindings.py (gcc probes, jextract's output shape)" >&2
    python3 "$tools/genbindings.py" "$hdr" "$out"
fi

#!/bin/bash
# Writes LIB/launcher-options.sh, bin/pasta's table of options (io.jpasst.cli.LauncherTable),
# from the jars `mvn package` just installed. Usage: launcher-table.sh LIB_DIR
#
# Run with a JDK >= 22 found as bin/pasta finds one (JAVA_HOME, else the newest under
# /usr/lib/jvm): Maven itself may run on an older JDK. Unlike the AOT cache this is not
# optional: without the table bin/pasta refuses to start, so a failure fails the build.
set -eu
lib=${1:?usage: launcher-table.sh LIB_DIR}
release_major() { [ -r "$1/release" ] && sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" || true; }
pick="" best=0
for home in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
    v=$(release_major "$home")
    [ -x "$home/bin/java" ] && [ -n "$v" ] && [ "$v" -ge 22 ] || continue
    if [ -n "${JAVA_HOME:-}" ] && [ "$home" = "$JAVA_HOME" ]; then pick=$home; break; fi
    [ "$v" -gt "$best" ] && { pick=$home; best=$v; }
done
[ -n "$pick" ] || { echo "launcher-table: no JDK >= 22 found" >&2; exit 1; }
"$pick/bin/java" -Xshare:auto -XX:TieredStopAtLevel=1 -p "$lib" \
    -m io.jpasst.cli/io.jpasst.cli.LauncherTable "$lib/launcher-options.sh"
echo "launcher-table: $lib/launcher-options.sh"

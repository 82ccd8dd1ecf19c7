#!/bin/bash
# Builds the AOT cache bin/pasta starts with (JEP 483/514/515), run by `mvn package` (see
# modules/cli/pom.xml). Usage: aot-cache.sh LIB_DIR [RUNTIME]
#
# With RUNTIME (the self-contained image, modules/image/src/build/image.sh): train with that
# jlink runtime, whose own modules hold ours, so without a module path; the cache goes to
# LIB_DIR as well.
#
# Why a script and not the toolchain's JDK: a cache only serves the JVM build that made it,
# so train with the JDK bin/pasta will pick (JAVA_HOME if >= 25, else the newest >= 25 under
# /usr/lib/jvm; the one-step -XX:AOTCacheOutput needs 25). The training run
# (io.jpasst.cli.AotTraining) needs no privileges and no namespaces. It writes LIB/jpasst.aot
# and LIB/jpasst.aot.jdk (the trainer's JAVA_RUNTIME_VERSION, which the launcher compares with
# its JDK's). Anything missing or failing only means no cache: never a build failure.
set -u
lib=${1:?usage: aot-cache.sh LIB_DIR [RUNTIME]}
runtime=${2-}
cache=$lib/jpasst.aot
rm -f "$cache" "$cache.jdk"

release_major() { [ -r "$1/release" ] && sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" || true; }
pick=""
modules=(-p "$lib")
for home in ${runtime:-${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*}; do
    [ -n "$runtime" ] && modules=()
    v=$(release_major "$home")
    [ -x "$home/bin/java" ] && [ -n "$v" ] && [ "$v" -ge 25 ] || continue
    if [ -n "${JAVA_HOME:-}" ] && [ "$home" = "$JAVA_HOME" ]; then pick=$home; break; fi
    [ -z "$pick" ] || [ "$v" -gt "$(release_major "$pick")" ] && pick=$home
done
[ -n "$pick" ] || { echo "aot-cache: no JDK >= 25, bin/pasta starts without a cache"; exit 0; }

# picocli ships Java 5 class files, which an AOT cache cannot hold: rewrite them as Java 8
# ones first (same bytecode plus stack maps), or ~140 classes load from the jar every start.
[ -n "$runtime" ] || "$pick/bin/java" "$(dirname "$0")/UpgradeClassVersion.java" "$lib/picocli.jar" >/dev/null 2>&1 ||
    echo "aot-cache: picocli.jar not upgraded, its classes stay out of the cache"

# The options that decide whether a cache fits must be those of bin/pasta's java_cmd.
# No method profiles (JEP 515): the training is not a real run, and replaying its profiles
# made pasta compile start-up code it runs a few times only (~100 ms of CPU per start).
# Where this machine lets the build make user and network namespaces and a tap, the training
# ends with a real `pasta --config-net true` (AotTraining --real-start), in a user namespace
# mapped to root as bin/pasta makes it: the cache then serves that path's JDK classes and
# lambda forms too. Elsewhere it trains without.
train() { # $1 = real or synthetic
    local prefix=() extra=()
    [ "$1" = real ] && prefix=(unshare --user --map-root-user --) extra=(--real-start)
    rm -f "$cache" "$cache.jdk"
    "${prefix[@]}" "$pick/bin/java" -XX:AOTCacheOutput="$cache" -Xlog:disable \
        -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining \
        -XX:+UseSerialGC -XX:-UsePerfData --enable-native-access=io.jpasst.sys \
        "${modules[@]}" -m io.jpasst.cli/io.jpasst.cli.AotTraining "$cache" "${extra[@]}" </dev/null >/dev/null 2>&1 &&
        [ -s "$cache" ] && [ -s "$cache.jdk" ]
}
real=""
if [ -c /dev/net/tun ] && unshare --user --map-root-user --net -- true 2>/dev/null &&
   train real; then
    real=", trained on a real start"
elif ! train synthetic; then
    rm -f "$cache" "$cache.jdk"
    echo "aot-cache: training failed, bin/pasta starts without a cache"
    exit 0
fi
echo "aot-cache: $cache ($(du -k "$cache" | cut -f1) KiB) for $(cat "$cache.jdk")$real"
exit 0

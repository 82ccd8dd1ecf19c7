#!/bin/bash
# Builds the self-contained image, run by `mvn package` (modules/image/pom.xml).
# Usage: image.sh ROOT LIB_DIR VERSION [JDK] [MAVEN_JDK]
#
# Layout of target/jpasst-VERSION-linux-ARCH.tar.gz (one top directory of that name):
#   bin/      the launchers, as in the tree (bin/pasta finds ../runtime and uses it)
#   runtime/  a jlink image: our modules linked in with the JDK modules they require, and
#             nothing else (no module path: an AOT cache then stays valid wherever the
#             image is unpacked, which it does not with jars on a module path)
#   lib/      what target/lib holds besides the jars (the launcher reads it there), and the
#             AOT cache trained by runtime/ itself (modules/cli/src/build/aot-cache.sh)
#   man/man1/ the manual pages
#   install, uninstall   scripts/install and scripts/uninstall
set -eu
root=${1:?usage: image.sh ROOT LIB_DIR VERSION [JDK] [MAVEN_JDK]}
lib=${2:?} version=${3:?} chosen=${4-} maven_jdk=${5-}

release_major() { [ -r "$1/release" ] && sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" || true; }
is_jdk() { # a JDK >= 22 with jlink
    local v
    v=$(release_major "$1")
    [ -x "$1/bin/jlink" ] && [ -n "$v" ] && [ "$v" -ge 22 ]
}
jdk=""
if [ -n "$chosen" ]; then
    is_jdk "$chosen" || { echo "image: $chosen is not a JDK >= 22 with jlink" >&2; exit 1; }
    jdk=$chosen
else
    for home in ${JAVA_HOME:+"$JAVA_HOME"} ${maven_jdk:+"$maven_jdk"}; do
        if is_jdk "$home"; then jdk=$home; break; fi
    done
    if [ -z "$jdk" ]; then
        for home in /usr/lib/jvm/*; do
            is_jdk "$home" || continue
            [ -z "$jdk" ] || [ "$(release_major "$home")" -gt "$(release_major "$jdk")" ] && jdk=$home
        done
    fi
    [ -n "$jdk" ] || { echo "image: no JDK >= 22 with jlink (set JAVA_HOME or -Djpasst.image.jdk)" >&2; exit 1; }
fi

name=jpasst-$version-linux-$(uname -m)
out=$root/target/image
tree=$out/$name
tarball=$root/target/$name.tar.gz
rm -rf "$out" "$tarball"
mkdir -p "$tree/bin" "$tree/lib" "$tree/man/man1"

# Our modules and what they require, resolved by jlink itself (no service binding: nothing
# we run looks services up beyond what java.base provides). JDK 22-23 link from their jmods.
modpath=$lib
[ -d "$jdk/jmods" ] && modpath=$modpath:$jdk/jmods
"$jdk/bin/jlink" --module-path "$modpath" --add-modules io.jpasst.cli \
    --strip-debug --no-header-files --no-man-pages --output "$tree/runtime"

cp -P -p -- "$root"/bin/* "$tree/bin/"
# all of target/lib but the jars (linked into the runtime) and the tree's AOT cache
tar -C "$lib" --exclude='./*.jar' --exclude='./jpasst.aot*' -cf - . | tar -C "$tree/lib" -xf -
for page in "$root"/man/*.[1-8]; do
    section=${page##*.}
    mkdir -p "$tree/man/man$section"
    cp -p -- "$page" "$tree/man/man$section/"
done
cp -p -- "$root/scripts/install" "$root/scripts/uninstall" "$tree/"

bash "$root/modules/cli/src/build/aot-cache.sh" "$tree/lib" "$tree/runtime"
# The launcher uses the cache when its stamp is a line of the runtime's release file; a
# jlink image's release may lack the runtime version line the stamp names: this runtime made
# the cache, so its release says so.
if [ -r "$tree/lib/jpasst.aot.jdk" ]; then
    stamp=$(cat "$tree/lib/jpasst.aot.jdk")
    grep -qxF -- "$stamp" "$tree/runtime/release" || printf '%s\n' "$stamp" >>"$tree/runtime/release"
fi

chmod -R u+w,a+rX "$tree"
# gzip -1: 3 MB larger than the default level, a third of its CPU time (build time counts)
tar -C "$out" -I 'gzip -1' -cf "$tarball" "$name"
echo "image: $tarball ($(du -k "$tarball" | cut -f1) KiB, runtime from $jdk)"

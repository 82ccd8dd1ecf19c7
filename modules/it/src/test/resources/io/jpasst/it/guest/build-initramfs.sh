#!/bin/sh
# Builds the test guest's initramfs: busybox-static, the virtio-net driver of the installed
# Debian kernel (a module there, with its dependencies), and init.sh as /init.
#
#     build-initramfs.sh KERNEL_VERSION INIT_SCRIPT UDHCPC_SCRIPT OUTPUT.cpio.gz
set -eu
kver=$1 init=$2 dhcp=$3 out=$4
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/lib/modules" \
    "$root/etc"
cp /bin/busybox "$root/bin/busybox"
cp "$init" "$root/init"
cp "$dhcp" "$root/etc/udhcpc.script"
chmod 0755 "$root/init" "$root/etc/udhcpc.script"

# Load order: every module after what it depends on (modinfo's "depends"), each once.
order=""
add_module() {
    case " $order " in *" $1 "*) return 0 ;; esac
    deps=$(modinfo -k "$kver" -F depends "$1" | tr ',' ' ')
    for d in $deps; do add_module "$d"; done
    file=$(modinfo -k "$kver" -F filename "$1")
    case "$file" in
        (builtin*|"") return 0 ;;
        (*.ko.xz) xz -dc "$file" >"$root/lib/modules/$1.ko" ;;
        (*.ko.zst) zstd -qdc "$file" >"$root/lib/modules/$1.ko" ;;
        (*.ko.gz) gzip -dc "$file" >"$root/lib/modules/$1.ko" ;;
        (*) cp "$file" "$root/lib/modules/$1.ko" ;;
    esac
    order="$order $1"
}
for m in virtio_pci virtio_net; do add_module "$m"; done
printf '%s\n' $order >"$root/lib/modules/order"

(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"

#!/usr/bin/env bash
# Builds the HIL guest into $CACHE/guest: the kernel image, an out-of-tree gpio-sim module and a busybox initramfs.
# Rebuilds only when an input changed (kernel package version, busybox version, or one of the files listed in the
# stamp below). Expects the Debian packages that run.sh installs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KVER="$(hil_kernel_release)" || hil_die "linux-image-amd64 is not installed"
KPKG="$(dpkg-query -W -f='${Version}' "linux-image-$KVER")"
KSERIES="$(echo "$KVER" | cut -d. -f1-2)"                  # 6.1.0-56-amd64 -> 6.1
SRC_TAR="/usr/src/linux-source-$KSERIES.tar.xz"
SRC_PKG="$(dpkg-query -W -f='${Version}' "linux-source-$KSERIES" 2>/dev/null || true)"
BUSYBOX_VER="$(dpkg-query -W -f='${Version}' busybox-static)"
OUT="$CACHE/guest"

stamp="kernel=$KVER/$KPKG source=$SRC_PKG busybox=$BUSYBOX_VER
$(cd "$HIL_DIR" && sha256sum build-guest.sh lib.sh init.sh gpio-sim/Kbuild)"
if [[ -f "$OUT/stamp" && "$(cat "$OUT/stamp")" == "$stamp" ]]; then
    hil_log "guest is up to date ($OUT, kernel $KVER)"
    exit 0
fi

hil_log "building the guest for kernel $KVER ($KPKG) into $OUT"
[[ -f "$SRC_TAR" ]] || hil_die "$SRC_TAR missing (apt-get install linux-source-$KSERIES)"
[[ -d "/lib/modules/$KVER/build" ]] || hil_die "headers for $KVER missing (apt-get install linux-headers-$KVER)"
if [[ "$SRC_PKG" != "$KPKG" ]]; then
    # gpio-sim.c rarely changes within a stable series, and the module is compiled against the right headers.
    hil_log "warning: linux-source-$KSERIES is $SRC_PKG but the kernel is $KPKG; building gpio-sim from it anyway"
fi
rm -rf "$OUT"
mkdir -p "$OUT/gpio-sim" "$OUT/initramfs"

# --- gpio-sim, out of tree -------------------------------------------------------------------------------------
# Only the simulator's two C files and gpiolib's private header are needed from the 130 MB source tarball.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
top="linux-source-$KSERIES"
tar -xJf "$SRC_TAR" -C "$tmp" "$top/drivers/gpio/gpio-sim.c" "$top/drivers/gpio/gpiolib.h" "$top/kernel/irq/irq_sim.c"
cp "$tmp/$top/drivers/gpio/gpio-sim.c" "$OUT/gpio-sim/gpio-sim-main.c"
cp "$tmp/$top/drivers/gpio/gpiolib.h" "$OUT/gpio-sim/gpiolib.h"
cp "$tmp/$top/kernel/irq/irq_sim.c" "$OUT/gpio-sim/irq_sim.c"
cp "$HIL_DIR/gpio-sim/Kbuild" "$OUT/gpio-sim/Kbuild"
# irq_sim's work handler calls handle_simple_irq(irq_to_desc(irq)); irq_to_desc() is not exported to modules since
# 5.15. generic_handle_irq(irq) looks the descriptor up itself and runs the flow handler that irq_sim installed
# (handle_simple_irq), so the behaviour is the same.
sed -i 's/handle_simple_irq(irq_to_desc(irqnum));/generic_handle_irq(irqnum);/' "$OUT/gpio-sim/irq_sim.c"
if grep -q 'irq_to_desc' "$OUT/gpio-sim/irq_sim.c"; then
    hil_die "irq_sim.c of $SRC_PKG still calls irq_to_desc(); the substitution in build-guest.sh needs updating"
fi
make -s -C "/lib/modules/$KVER/build" M="$OUT/gpio-sim" modules >"$OUT/gpio-sim/build.log" 2>&1 \
    || { cat "$OUT/gpio-sim/build.log" >&2; hil_die "gpio-sim module build failed"; }
[[ -f "$OUT/gpio-sim/gpio-sim.ko" ]] || hil_die "gpio-sim.ko not produced"

# --- initramfs -------------------------------------------------------------------------------------------------
# busybox + the modules needed to reach the host root over virtio-9p, in the order modprobe would load them.
# Everything else (i2c-stub, i2c-dev, configfs) is loaded later from the host's /lib/modules through 9p.
ir="$OUT/initramfs"
mkdir -p "$ir/bin" "$ir/proc" "$ir/sys" "$ir/dev" "$ir/newroot" "$ir/lib/modules"
cp /bin/busybox "$ir/bin/busybox"
install -m 0755 "$HIL_DIR/init.sh" "$ir/init"
: > "$ir/modules.order"
for m in virtio_pci 9pnet_virtio 9p; do
    modprobe -S "$KVER" --show-depends "$m" | awk '$1 == "insmod" {print $2}'
done | awk '!seen[$0]++' | while read -r ko; do
    cp "$ko" "$ir/lib/modules/"
    basename "$ko" >> "$ir/modules.order"
done
(cd "$ir" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$OUT/initramfs.cpio.gz"

cp "/boot/vmlinuz-$KVER" "$OUT/vmlinuz"
echo "$KVER" > "$OUT/kernel-release"
echo "$stamp" > "$OUT/stamp"
hil_log "guest built: $(du -h "$OUT/initramfs.cpio.gz" | cut -f1) initramfs, gpio-sim.ko for $KVER"

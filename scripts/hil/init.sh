#!/bin/busybox sh
# /init of the HIL guest's initramfs (copied there by build-guest.sh). Runs as PID 1 under busybox.
#
# Job: load just enough modules to mount the host's root file system read-only over virtio-9p, chroot into it and
# run scripts/hil/guest.sh from the repository, then print one sentinel line with its exit status and stop the VM.
# The host (run.sh) reads the serial console; qemu runs with -no-reboot, so "reboot -f" ends qemu.

/bin/busybox --install -s /bin
export PATH=/bin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

finish() {
    # The host looks for exactly this line; anything else (panic, timeout) counts as a failed run.
    echo "ROLLMON-HIL-EXIT $1"
    sync
    reboot -f
    sleep 5
}

arg() { # value of NAME=... on the kernel command line
    for w in $(cat /proc/cmdline); do
        case "$w" in "$1="*) echo "${w#*=}"; return 0 ;; esac
    done
    return 1
}

echo "hil-guest: kernel $(uname -r) up after $(cut -d' ' -f1 /proc/uptime) s"

# modules.order lists the 9p / virtio modules in dependency order (from modprobe --show-depends on the host).
while read -r m; do
    insmod "/lib/modules/$m" || { echo "hil-guest: insmod $m failed"; finish 90; }
done < /modules.order

repo="$(arg hil_repo)" || { echo "hil-guest: no hil_repo= on the command line"; finish 91; }
out="$(arg hil_out)" || { echo "hil-guest: no hil_out= on the command line"; finish 91; }

# Large messages make 9p reads of the Swift binaries and runtime much faster; cache=loose is safe on a read-only
# export that does not change while the guest runs.
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=loose,ro hostroot /newroot \
    || { echo "hil-guest: cannot mount the host root over 9p"; finish 92; }
mount -t proc proc /newroot/proc
mount -t sysfs sysfs /newroot/sys
mount -t devtmpfs devtmpfs /newroot/dev
mount -t tmpfs -o size=256m tmpfs /newroot/tmp
mount -t tmpfs tmpfs /newroot/run
# The repository and the results directory get shares of their own, mounted after the tmpfs ones: a checkout under
# /tmp (as CI's clone may be) would otherwise be hidden by the guest's fresh /tmp.
mkdir -p "/newroot$repo" 2>/dev/null || true
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=loose,ro hilrepo "/newroot$repo" \
    || { echo "hil-guest: cannot mount the repository over 9p"; finish 92; }
mkdir -p "/newroot$out" 2>/dev/null || true
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 hilout "/newroot$out" \
    || { echo "hil-guest: cannot mount the results directory over 9p"; finish 92; }

chroot /newroot /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp \
    HIL_REPO="$repo" HIL_OUT="$out" \
    /bin/bash "$repo/scripts/hil/guest.sh"
finish $?

#!/usr/bin/env bash
# Kernel-in-the-loop checks: the single entry point (`make hil` calls this). See docs/hil.md.
#
# Boots Debian's own kernel in QEMU with i2c-stub (three emulated chips) and gpio-sim (an out-of-tree build of the
# kernel's GPIO simulator), and runs rollmon's checks (Sources/rollmon-hil) against them: real ioctls, real libi2c
# and libgpiod calls, real edge events, on a machine that has no I2C or GPIO of its own.
#
# Environment:
#   HIL_REQUIRED=1        fail (exit 1) instead of skipping (exit 0) when this machine cannot run the guest
#   HIL_GPIOD=v1|v2|both  which libgpiod builds to check (default both): Debian 12's 1.6 and/or 2.x from
#                         scripts/libgpiod-v2.sh, each in its own scratch path (.build-hil-v1, .build-hil-v2)
#   HIL_TIMEOUT=seconds   hard limit on the guest (default 300); the run fails if it is reached
#   HIL_ACCEL=auto|kvm|tcg  (default auto: KVM if it can boot the guest here, else QEMU's TCG emulation)
#   HIL_NO_APT=1          never call apt-get (fail/skip if something is missing)
#   HIL_CACHE=dir         cache directory (default .cache/hil in the repository)
# Exit status: 0 all checks passed (or skipped), 1 a check failed or the guest did not finish.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REQUIRED="${HIL_REQUIRED:-0}"
GPIOD="${HIL_GPIOD:-both}"
TIMEOUT_S="${HIL_TIMEOUT:-300}"
ACCEL="${HIL_ACCEL:-auto}"
t_start=$SECONDS

skip() {
    if [[ "$REQUIRED" == 1 ]]; then
        hil_die "cannot run the kernel-in-the-loop checks: $* (HIL_REQUIRED=1)"
    fi
    echo "hil: SKIPPED — $*. Set HIL_REQUIRED=1 to make this an error."
    exit 0
}

case "$GPIOD" in
    v1) variants="v1" ;; v2) variants="v2" ;; both) variants="v1 v2" ;;
    *) hil_die "HIL_GPIOD must be v1, v2 or both (got '$GPIOD')" ;;
esac

# --- can this machine run it? --------------------------------------------------------------------------------------
arch="$(uname -m)"
[[ "$arch" == x86_64 ]] || skip "the guest is an x86-64 Debian kernel and this machine is $arch"
[[ -f /etc/debian_version ]] && command -v dpkg-query >/dev/null || skip "this is not a Debian system (apt packages needed)"

# Packages the harness needs on the host. The kernel's own version decides headers and source.
need=(qemu-system-x86 busybox-static linux-image-amd64 kmod cpio i2c-tools gpiod libgpiod-dev libi2c-dev
      build-essential pkg-config)
missing() { local p; for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || echo "$p"; done; }
apt_install() {
    [[ "${HIL_NO_APT:-0}" != 1 ]] || skip "packages missing and HIL_NO_APT=1: $*"
    [[ "$(id -u)" == 0 ]] || skip "packages missing and not root (cannot apt-get install): $*"
    hil_log "installing: $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null \
        || { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null && \
             DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null; } \
        || skip "apt-get install $* failed"
}
m="$(missing "${need[@]}")"
[[ -z "$m" ]] || apt_install $m
KVER="$(hil_kernel_release)" || skip "linux-image-amd64 did not resolve to a kernel package"
KPKG="$(dpkg-query -W -f='${Version}' "linux-image-$KVER")"
KSERIES="$(echo "$KVER" | cut -d. -f1-2)"
m="$(missing "linux-headers-$KVER" "linux-source-$KSERIES")"
if [[ -n "$m" ]]; then
    # The source package of exactly the guest kernel's version if the archive still has it, else the newest.
    if apt-cache show "linux-source-$KSERIES=$KPKG" >/dev/null 2>&1; then
        apt_install "linux-headers-$KVER" "linux-source-$KSERIES=$KPKG"
    else
        apt_install "linux-headers-$KVER" "linux-source-$KSERIES"
    fi
fi
command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 not found"
command -v swift >/dev/null || skip "swift not found"
[[ -r "/boot/vmlinuz-$KVER" ]] || skip "/boot/vmlinuz-$KVER is not readable (run as root)"

# --- build the guest and the binaries ------------------------------------------------------------------------------
# One run at a time per cache: a second run would rebuild and overwrite what the first one's guest is reading.
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
if ! flock -n 9; then
    hil_log "another hil run holds $CACHE/.lock; waiting for it"
    flock 9
fi
"$HIL_DIR/build-guest.sh"
t_guest=$SECONDS

# swift build of one product into $scratch against $pcpath. Tried a second time only when SwiftPM gave up because a
# source file changed while it was compiling (someone editing the tree during `make hil`).
build_product() {
    local attempt blog="$CACHE/build-$v-$1.log"
    for attempt in 1 2; do
        if (cd "$REPO" && PKG_CONFIG_PATH="$pcpath" swift build -q --scratch-path "$scratch" --product "$1") \
            >"$blog" 2>&1; then
            return 0
        fi
        grep -q 'was modified during the build' "$blog" || break
        hil_log "a source file changed during the build of $1; building again"
    done
    cat "$blog" >&2
    return 1
}

OUTDIR="$CACHE/out"
rm -rf "$OUTDIR"
mkdir -p "$OUTDIR"
env_file="$OUTDIR/run.env"
echo "HIL_VARIANTS=\"$variants\"" > "$env_file"
for v in $variants; do
    scratch="$REPO/.build-hil-$v"
    pcpath=""
    libdir=""
    if [[ "$v" == v2 ]]; then
        prefix="$CACHE/libgpiod-v2"
        if [[ ! -f "$prefix/lib/pkgconfig/libgpiod.pc" ]]; then
            hil_log "fetching libgpiod 2.x into $prefix"
            "$REPO/scripts/libgpiod-v2.sh" "$prefix" >&2 || hil_die "scripts/libgpiod-v2.sh failed"
        fi
        pcpath="$prefix/lib/pkgconfig"
        libdir="$(PKG_CONFIG_PATH="$pcpath" pkg-config --variable=libdir libgpiod)"
        [[ "$(PKG_CONFIG_PATH="$pcpath" pkg-config --modversion libgpiod)" == 2.* ]] \
            || hil_die "$pcpath/libgpiod.pc is not libgpiod 2.x"
    fi
    hil_log "building rollmon-hil and rollmon against libgpiod $v ($scratch)"
    build_product rollmon-hil || hil_die "swift build --product rollmon-hil for libgpiod $v failed"
    bin="$(cd "$REPO" && PKG_CONFIG_PATH="$pcpath" swift build --scratch-path "$scratch" --show-bin-path | tail -n1)"
    # The CLI is checked too (probe, live). If it does not build, the checks that need it fail and say why,
    # instead of silently running a stale binary from an earlier build.
    rollmon_bin="$bin/rollmon"
    if ! build_product rollmon; then
        hil_log "warning: rollmon (the CLI) does not build against libgpiod $v; its checks will fail"
        rollmon_bin=""
    fi
    echo "HIL_BIN_$v=\"$bin\"" >> "$env_file"
    echo "HIL_ROLLMON_$v=\"$rollmon_bin\"" >> "$env_file"
    echo "HIL_LIB_$v=\"$libdir\"" >> "$env_file"
done
t_build=$SECONDS

# --- boot --------------------------------------------------------------------------------------------------------
G="$CACHE/guest"
log="$OUTDIR/console.log"
pidfile="$OUTDIR/qemu.pid"
# KVM is tried once per host kernel + qemu version; on hosts where it cannot boot a stock kernel (e.g. nested PVM
# virtualisation) the guest never prints its first line, and the verdict is remembered so later runs go to TCG.
kvm_verdict="$CACHE/kvm-$(uname -r)-qemu$(qemu-system-x86_64 --version | awk 'NR == 1 {print $4}')"

boot() { # accel limit_s first_line_limit_s
    local accel="$1" limit="$2" first="$3"
    local cpu=max
    [[ "$accel" == kvm ]] && cpu=host
    : > "$log"
    rm -f "$pidfile"
    hil_log "booting the guest ($accel, limit ${limit}s)"
    (
        # If the guest has not said a word after $first seconds, it is not going to (KVM that cannot boot it:
        # there the real-mode setup prints "Probing EDD" and the kernel never starts). Polls once a second so it
        # ends soon after qemu does.
        for ((i = 0; i < first; i++)); do
            sleep 1 </dev/null >/dev/null 2>&1
            grep -q '^hil-guest: kernel' "$log" 2>/dev/null && exit 0
        done
        if [[ -f "$pidfile" ]]; then
            echo "hil: no output from the guest after ${first}s under $accel; stopping it" >&2
            kill "$(cat "$pidfile")" 2>/dev/null
        fi
    ) &
    local watcher=$!
    set +e
    timeout -k 5 "$limit" qemu-system-x86_64 \
        -accel "$accel" -cpu "$cpu" -smp 2 -m 1024 \
        -kernel "$G/vmlinuz" -initrd "$G/initramfs.cpio.gz" \
        -append "console=ttyS0 quiet loglevel=3 panic=-1 hil_repo=$REPO hil_out=$OUTDIR" \
        -fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap" \
        -device "virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot" \
        -fsdev "local,id=hilrepo,path=$REPO,security_model=none,readonly=on,multidevs=remap" \
        -device "virtio-9p-pci,fsdev=hilrepo,mount_tag=hilrepo" \
        -fsdev "local,id=hilout,path=$OUTDIR,security_model=none" \
        -device "virtio-9p-pci,fsdev=hilout,mount_tag=hilout" \
        -display none -monitor none -serial stdio -no-reboot -nodefaults -pidfile "$pidfile" \
        < /dev/null 2>&1 | stdbuf -o0 tr -d '\r' | tee -a "$log"
    local rc=${PIPESTATUS[0]}
    set -e
    kill "$watcher" 2>/dev/null || true
    wait "$watcher" 2>/dev/null || true
    return "$rc"
}

t_boot=$SECONDS
used=""
if [[ "$ACCEL" != tcg && -w /dev/kvm && ! -f "$kvm_verdict.broken" ]]; then
    boot kvm "$TIMEOUT_S" 15 || true
    if grep -q '^hil-guest: kernel' "$log"; then
        used=kvm
    else
        [[ "$ACCEL" == kvm ]] && hil_die "KVM could not boot the guest (HIL_ACCEL=kvm)"
        touch "$kvm_verdict.broken"
        hil_log "KVM cannot boot the guest on this host; using TCG (remembered in $kvm_verdict.broken)"
    fi
elif [[ "$ACCEL" == kvm ]]; then
    hil_die "HIL_ACCEL=kvm but /dev/kvm is not usable"
fi
if [[ -z "$used" ]]; then
    boot tcg "$TIMEOUT_S" 60 || true
    used=tcg
fi
t_end=$SECONDS

# --- verdict -------------------------------------------------------------------------------------------------------
status="$(sed -n 's/^ROLLMON-HIL-EXIT \([0-9]*\)$/\1/p' "$log" | tail -n1)"
echo "hil: timings: guest build $((t_guest - t_start))s, swift builds $((t_build - t_guest))s, guest run $((t_end - t_boot))s ($used), total $((t_end - t_start))s"
awk '/^hil-guest: === checks against libgpiod/ { v = $6 }
     /^[0-9]+ passed, [0-9]+ failed$/ { print "hil: rollmon-hil (libgpiod " v "): " $0 }' "$log"
if [[ -z "$status" ]]; then
    echo "hil: FAILED — the guest did not finish (time limit ${TIMEOUT_S}s or a crash); console log: $log"
    exit 1
fi
if [[ "$status" != 0 ]]; then
    echo "hil: FAILED — guest exit status $status; console log: $log"
    exit 1
fi
echo "hil: all kernel-in-the-loop checks passed ($variants)"

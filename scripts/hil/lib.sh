# Shared settings for the kernel-in-the-loop harness (sourced by run.sh and build-guest.sh, never run directly).

HIL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HIL_DIR/../.." && pwd)"
# Everything built for the guest lives here (git-ignored via /.cache/ in .gitignore).
CACHE="${HIL_CACHE:-$REPO/.cache/hil}"

hil_log() { printf 'hil: %s\n' "$*" >&2; }
hil_die() { printf 'hil: error: %s\n' "$*" >&2; exit 1; }

# The guest runs the kernel that Debian's linux-image-amd64 meta-package currently points at; its modules (i2c-stub,
# i2c-dev, configfs, 9p) are the host's own /lib/modules/$KVER, seen by the guest through the 9p root.
hil_kernel_release() {
    local dep
    dep="$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null | grep -o 'linux-image-[0-9][^ ,]*' | head -n1)"
    [[ -n "$dep" ]] || return 1
    echo "${dep#linux-image-}"
}

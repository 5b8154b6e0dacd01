#!/usr/bin/env bash
# Fetch libgpiod v2 (2.1.x) headers + runtime library into PREFIX without touching the system's libgpiod v1,
# so SensorIO's CGPIOD shim can be compile-checked against the v2 API:
#
#   scripts/libgpiod-v2.sh /tmp/gpiod2
#   PKG_CONFIG_PATH=/tmp/gpiod2/lib/pkgconfig swift build --scratch-path .build-gpiod2 --target SensorIO
#   PKG_CONFIG_PATH=/tmp/gpiod2/lib/pkgconfig LD_LIBRARY_PATH=/tmp/gpiod2/root/usr/lib/x86_64-linux-gnu \
#       ROLLMON_EXPECT_GPIOD_API=2 swift test --scratch-path .build-gpiod2 --filter GPIO
#
# How: a private apt configuration (its own sources list, package lists, cache and an empty dpkg status) pointing at
# Debian bookworm-backports, where libgpiod-dev 2.1.3-1~bpo12+1 and its runtime libgpiod3 live (falls back to trixie
# if backports no longer carries 2.x). `apt-get download` fetches the .debs only; `dpkg -x` unpacks them into PREFIX.
# Nothing is installed into the system and the system's apt state is not modified.
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 PREFIX   (e.g. $0 /tmp/gpiod2)" >&2
    exit 2
fi
mkdir -p "$1"
PREFIX="$(cd "$1" && pwd)"
APTDIR="$PREFIX/apt"
ARCH="$(dpkg --print-architecture)"
MULTIARCH="$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" "$APTDIR/debs" "$APTDIR/sources.list.d"
: > "$APTDIR/status"

apt_opts=(
    -o "Dir::Etc::SourceList=$APTDIR/sources.list"
    -o "Dir::Etc::SourceParts=$APTDIR/sources.list.d"
    -o "Dir::State::Lists=$APTDIR/lists"
    -o "Dir::State::status=$APTDIR/status"
    -o "Dir::Cache=$APTDIR/cache"
    -o "APT::Architecture=$ARCH"
)

# Try bookworm-backports first (same libc as bookworm), then trixie.
found=""
for suite in bookworm-backports trixie; do
    echo "deb [signed-by=$KEYRING] http://deb.debian.org/debian $suite main" > "$APTDIR/sources.list"
    apt-get "${apt_opts[@]}" -q update >/dev/null
    version="$(apt-cache "${apt_opts[@]}" policy libgpiod-dev | awk '/Candidate:/ {print $2}')"
    case "$version" in
        2.*) found="$suite"; break ;;
    esac
    echo "note: $suite has libgpiod-dev '${version:-none}', not 2.x; trying the next suite" >&2
done
if [[ -z "$found" ]]; then
    echo "error: no libgpiod-dev 2.x found in bookworm-backports or trixie" >&2
    exit 1
fi
echo "using libgpiod-dev $version from $found"

# The runtime library package that libgpiod-dev 2.x depends on (libgpiod3 for 2.1/2.2).
runtime="$(apt-cache "${apt_opts[@]}" depends libgpiod-dev | awk '/Depends: libgpiod[0-9]/ {print $2; exit}')"
runtime="${runtime:-libgpiod3}"

rm -f "$APTDIR/debs"/*.deb
# Sandbox::User=root: the files land in a root-owned private dir the _apt user cannot write to.
(cd "$APTDIR/debs" && apt-get "${apt_opts[@]}" -o APT::Sandbox::User=root -q download "libgpiod-dev=$version" "$runtime=$version")
for deb in "$APTDIR/debs"/*.deb; do
    dpkg -x "$deb" "$PREFIX/root"
done

libdir="$PREFIX/root/usr/lib/$MULTIARCH"
incdir="$PREFIX/root/usr/include"
if [[ ! -f "$incdir/gpiod.h" ]] || ! ls "$libdir"/libgpiod.so* >/dev/null 2>&1; then
    echo "error: unpacked packages lack gpiod.h or libgpiod.so under $PREFIX/root" >&2
    exit 1
fi

# Our own .pc (the packaged one says prefix=/usr). libi2c stays the system one: the shim also declares i2c-dev.
# No -Wl,-rpath here: SwiftPM drops linker flags from .pc files as "prohibited"; run with LD_LIBRARY_PATH instead.
mkdir -p "$PREFIX/lib/pkgconfig"
cat > "$PREFIX/lib/pkgconfig/libgpiod.pc" <<PC
prefix=$PREFIX/root/usr
libdir=$libdir
includedir=$incdir

Name: libgpiod
Description: Library for interacting with Linux GPIO character devices (v2, unpacked by rollmon scripts/libgpiod-v2.sh)
Version: ${version%%-*}
Libs: -L\${libdir} -lgpiod
Cflags: -I\${includedir}
PC

echo "libgpiod $version unpacked into $PREFIX/root"
echo "build against it with:"
echo "  PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig swift build --scratch-path .build-gpiod2 --target SensorIO"
echo "and run what it built (tests, rollmon) with LD_LIBRARY_PATH=$libdir so the v2 libgpiod.so.3 is loaded."

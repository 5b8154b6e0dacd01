#!/usr/bin/env bash
# Installs what rollmon needs to build and test on Debian / Raspberry Pi OS, and nothing it already has.
# Swift itself is not an apt package on Debian 12: see README "Install on a Raspberry Pi".
set -euo pipefail

packages=(pkg-config libgpiod-dev libi2c-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v swift >/dev/null 2>&1; then
  echo "install-deps: no Swift toolchain on PATH (need Swift 6.1 or newer): see README, 'Install on a Raspberry Pi'" >&2
  exit 1
fi

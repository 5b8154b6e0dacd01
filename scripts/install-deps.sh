#!/usr/bin/env bash
# Installs what rollmon needs to build and test on Debian / Raspberry Pi OS, and nothing it already has.
# Swift itself is not an apt package on Debian 12: see README "Install on a Raspberry Pi".
set -euo pipefail

# libsqlite3-dev: GRDB links the system SQLite. chromium (headless) and python3: the report test renders the page
# in a real browser and decodes the screenshot.
packages=(pkg-config libgpiod-dev libi2c-dev libsqlite3-dev chromium python3)
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

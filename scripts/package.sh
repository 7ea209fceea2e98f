#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Installs what is missing, builds (scripts/build.sh) and makes the Debian package with CPack.
# Prints the path of the .deb; install it with `sudo apt-get install ./out/package/voxdiff_*.deb`.
# Extra arguments go to CMake's configure step, as for scripts/build.sh.
# VOXDIFF_PACKAGE_DIR sets the output folder (default out/package).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh "$@"
BUILD_DIR=${VOXDIFF_BUILD_DIR:-build}
OUT_DIR=${VOXDIFF_PACKAGE_DIR:-$PWD/out/package}
mkdir -p "$OUT_DIR"
cpack --config "$BUILD_DIR/CPackConfig.cmake" -B "$OUT_DIR" >"$OUT_DIR/cpack.log" 2>&1 || {
  cat "$OUT_DIR/cpack.log" >&2
  exit 1
}
rm -rf "$OUT_DIR/_CPack_Packages"
deb=$(ls -t "$OUT_DIR"/voxdiff_*.deb)
deb=${deb%%$'\n'*}
dpkg-deb -f "$deb" Package Version Depends
echo "$deb"

#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (core, cli, ui, render).
# The rendering and UI tests need an X server: without $DISPLAY they run under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh "$@"
BUILD_DIR=${VOXDIFF_BUILD_DIR:-build}
cd "$BUILD_DIR"
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1600x1000x24" ctest --output-on-failure -j2
fi
exec ctest --output-on-failure -j2

#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Configures and builds VoxDiff into build/ (Ninja, both cores). Extra arguments go to CMake's
# configure step, e.g. scripts/build.sh -DVOXDIFF_SANITIZE=address,undefined
# VOXDIFF_BUILD_LOCK=FILE serialises builds with others on a shared machine (flock FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${VOXDIFF_BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja "$@" >/dev/null
${VOXDIFF_BUILD_LOCK:+flock "$VOXDIFF_BUILD_LOCK"} cmake --build "$BUILD_DIR" -j2

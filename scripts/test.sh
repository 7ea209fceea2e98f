#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Installs what is missing, builds, and runs every test:
#   1. the core, CLI and slow suites again under AddressSanitizer + UndefinedBehaviorSanitizer
#      (one clang build, build-sanitize/, that also holds the libFuzzer harnesses),
#   2. the fuzzing gate (scripts/fuzz.sh --gate): each libFuzzer harness replays its committed
#      findings (tests/fuzz/regressions/) and a fixed number of mutations from a fixed seed, so
#      that one commit always passes or always fails (exploration stays in scripts/fuzz.sh),
#   3. the whole suite (core, cli, ui, render, slow) on the normal build, last, so that its
#      summary closes the output.
# The rendering and UI tests need an X server: without $DISPLAY they run under Xvfb.
# VOXDIFF_FUZZ_GATE=0 skips the fuzzing gate; VOXDIFF_FUZZ_GATE_RUNS sets its mutations per
# harness (default 2000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh "$@"

# One clang build serves the sanitizers and the fuzzing gate: the library and the tests with
# address + undefined-behaviour sanitizers (and libFuzzer's coverage hooks), the harnesses linked
# with libFuzzer. scripts/fuzz.sh configures and builds it (VOXDIFF_FUZZ_BUILD_DIR).
export VOXDIFF_FUZZ_BUILD_DIR=build-sanitize
echo "== sanitizers: core and CLI tests under address,undefined (clang, $VOXDIFF_FUZZ_BUILD_DIR/)"
bash scripts/fuzz.sh --build-only
(
  cd "$VOXDIFF_FUZZ_BUILD_DIR"
  export ASAN_OPTIONS=detect_leaks=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export LSAN_OPTIONS=suppressions=$(cd .. && pwd)/scripts/lsan-suppressions.txt
  ctest --output-on-failure -j2 -L "core|cli|slow"
)

if [ "${VOXDIFF_FUZZ_GATE:-1}" != "0" ]; then
  echo "== fuzzing gate: committed findings replayed, fixed runs and seed ($VOXDIFF_FUZZ_BUILD_DIR/)"
  bash scripts/fuzz.sh --gate
fi

echo "== all tests on the normal build (build/)"
BUILD_DIR=${VOXDIFF_BUILD_DIR:-build}
cd "$BUILD_DIR"
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1600x1000x24" ctest --output-on-failure -j2
fi
exec ctest --output-on-failure -j2

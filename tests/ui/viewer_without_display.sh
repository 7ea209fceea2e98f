#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The viewer without a display: --help prints its options and exits 0; opening a window exits 2
# with one "voxdiff: error:" line (not Qt's abort about platform plugins, which exits 134).
# Usage: viewer_without_display.sh PATH_TO_VOXDIFF
set -uo pipefail
viewer=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() { env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$viewer" "$@" >"$out/stdout" 2>"$out/stderr"; }
fail() { echo "FAIL: $*"; echo "--- stdout"; cat "$out/stdout"; echo "--- stderr"; cat "$out/stderr"; exit 1; }

run --help
status=$?
[ $status -eq 0 ] || fail "--help exited $status"
for option in --export-report --screenshot --version --size; do
  grep -q -- "$option" "$out/stdout" || fail "--help does not list $option"
done

run first.nii second.nii
status=$?
[ $status -eq 2 ] || fail "without a display the viewer exited $status, not 2"
[ "$(wc -l <"$out/stderr")" -eq 1 ] || fail "expected one error line"
grep -q '^voxdiff: error:' "$out/stderr" || fail "the error line is not voxdiff's"
echo "viewer without a display: --help exits 0, a window request exits 2 with one error line"

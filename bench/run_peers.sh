#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# VoxDiff against its peers, side by side in one run (a benchmark, not a test):
#   1. loading a generated 400 x 512 x 512 int16 CT series: `voxdiff-cli info` vs dcm2niix
#      (a fresh output folder for every dcm2niix run);
#   2. comparing a generated 1024 x 1024 x 512 float32 NIfTI pair (2 GiB each, same grid, k
#      reversed, 800 changed voxels, bench_make_nifti_pair): `voxdiff-cli compare` vs nibabel + numpy
#      `np.abs(a - b[:, :, ::-1])`;
#   3. bench_compare (same grid and trilinear, 512 x 512 x 400);
#   4. the viewer on the same pair (its VOXDIFF_TIMING lines): first image shown, verdict shown;
#   5. the floors: reading the pair from the page cache, and one core's memory bandwidth.
# Runs alternate (VoxDiff, peer, VoxDiff, peer...) and medians are printed with the ratio and the
# peak resident memory, because on a shared machine absolute times vary by 2x.
#
#   bench/run_peers.sh [--small] [BUILD_DIR]      (BUILD_DIR defaults to build)
#
# --small runs everything once on tiny inputs: CI uses it to check that the benchmark works.
# VOXDIFF_BENCH_REPS sets the repetitions (default 5). Inputs are generated in a temporary folder
# (TMPDIR, default /tmp; the full run needs 4.5 GiB there) and deleted at the end. The peers
# come from bench/setup.sh; a missing peer is reported and skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
SMALL=0
if [ "${1:-}" = "--small" ]; then
  SMALL=1
  shift
fi
BUILD=$(cd "${1:-build}" && pwd)
REPS=${VOXDIFF_BENCH_REPS:-5}
PY=/usr/bin/python3
CLI=$BUILD/app/cli/voxdiff-cli
if [ "$SMALL" = 1 ]; then
  REPS=1
  SLICES=8
  PAIR=(64 48 32 10)
  COMPARE_DIMS=(8 64 64)
else
  SLICES=400
  PAIR=(1024 1024 512 800)
  COMPARE_DIMS=(400 512 512)
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/voxdiff-peers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=timing.sh
source bench/timing.sh

report() { # report LABEL OURS PEER REFERENCE_MIB
  local ours_s ours_k
  ours_s=$(median "$2" 1)
  ours_k=$(median "$2" 2)
  if [ -s "$tmp/$3.times" ]; then
    local peer_s peer_k
    peer_s=$(median "$3" 1)
    peer_k=$(median "$3" 2)
    awk -v l="$1" -v os="$ours_s" -v ok="$ours_k" -v ps="$peer_s" -v pk="$peer_k" -v ref="$4" \
      'BEGIN {printf "%-34s VoxDiff %6.2f s %7.0f MiB (%.2f x ref) | peer %6.2f s %7.0f MiB | time ratio %.2f\n",
              l, os, ok / 1024, ok / 1024 / ref, ps, pk / 1024, (ps > 0 ? os / ps : 0)}'
  else
    awk -v l="$1" -v os="$ours_s" -v ok="$ours_k" -v ref="$4" \
      'BEGIN {printf "%-34s VoxDiff %6.2f s %7.0f MiB (%.2f x ref) | peer skipped (not installed)\n",
              l, os, ok / 1024, ok / 1024 / ref}'
  fi
}

echo "== generating inputs in $tmp"
"$BUILD/bench/bench_dicom_load" "$tmp/ct" "$SLICES" generate-only >/dev/null 2>&1
"$BUILD/bench/bench_make_nifti_pair" "$tmp" "${PAIR[@]}"
have_dcm2niix=0
command -v dcm2niix >/dev/null && have_dcm2niix=1
have_numpy=0
NUMPY='import sys, numpy as np, nibabel as nib
a = np.asanyarray(nib.load(sys.argv[1]).dataobj)
b = np.asanyarray(nib.load(sys.argv[2]).dataobj)
d = np.abs(a - b[:, :, ::-1])
print(d.max(), np.count_nonzero(d))'
if "$PY" -c "import nibabel, numpy" 2>/dev/null; then
  have_numpy=1
elif "$PY" -c "import numpy" 2>/dev/null; then
  # numpy without nibabel: the same memory map nibabel makes of an uncompressed .nii (Fortran
  # order from vox_offset; scl_slope 1 leaves it unscaled), so the same work.
  have_numpy=1
  echo "   (nibabel missing: the numpy peer maps the files itself, as nibabel does)"
  NUMPY='import sys, struct, numpy as np
def load(path):
    with open(path, "rb") as f:
        h = f.read(352)
    dims = struct.unpack_from("<8h", h, 40)[1:4]
    offset = int(struct.unpack_from("<f", h, 108)[0])
    return np.memmap(path, "<f4", "r", offset=offset, shape=dims, order="F")
a = load(sys.argv[1])
b = load(sys.argv[2])
d = np.abs(a - b[:, :, ::-1])
print(d.max(), np.count_nonzero(d))'
fi

echo "== $REPS alternating runs"
for r in $(seq "$REPS"); do
  run info 0 "$CLI" info "$tmp/ct"
  if [ "$have_dcm2niix" = 1 ]; then
    mkdir "$tmp/d2n$r"
    run dcm2niix 0 dcm2niix -z n -o "$tmp/d2n$r" "$tmp/ct"
    rm -rf "$tmp/d2n$r"
  fi
  run compare "0 1" "$CLI" compare "$tmp/a.nii" "$tmp/b.nii"
  if [ "$have_numpy" = 1 ]; then
    run numpy 0 "$PY" -c "$NUMPY" "$tmp/a.nii" "$tmp/b.nii"
  fi
  run pagecache 0 cat "$tmp/a.nii" "$tmp/b.nii"
done
# The viewer on the same pair (under its own Xvfb): when each image reaches the views and when
# the verdict is shown (VOXDIFF_TIMING lines), then it saves a screenshot and quits.
VIEWER=$BUILD/app/gui/voxdiff
have_viewer=0
if [ -x "$VIEWER" ] && command -v xvfb-run >/dev/null; then
  have_viewer=1
  for r in $(seq "$REPS"); do
    rm -f "$tmp/shot.png"
    VOXDIFF_TIMING=1 xvfb-run -a -s "-screen 0 1600x1000x24" "$VIEWER" "$tmp/a.nii" "$tmp/b.nii" \
      --screenshot "$tmp/shot.png" >"$tmp/viewer.out" 2>"$tmp/viewer.err" || {
      echo "run_peers: the viewer failed:" >&2
      cat "$tmp/viewer.err" >&2
      exit 1
    }
    [ -s "$tmp/shot.png" ] || {
      echo "run_peers: the viewer saved no screenshot" >&2
      exit 1
    }
    # "voxdiff timing: first image shown 1.234 s": the number is the field before the unit.
    awk '/voxdiff timing: first image shown/ {f = $(NF - 1)} /voxdiff timing: second image shown/ {s = $(NF - 1)}
         /voxdiff timing: comparison shown/ {c = $(NF - 1)}
         END {if (f !~ /^[0-9.]+$/ || c !~ /^[0-9.]+$/) exit 1; print f, s, c}' "$tmp/viewer.err" >>"$tmp/viewer.times" || {
      echo "run_peers: the viewer printed no timing lines" >&2
      cat "$tmp/viewer.err" >&2
      exit 1
    }
  done
fi
grep -q '"different"\|different' "$tmp/compare.out" || {
  echo "run_peers: the pair was not found different" >&2
  exit 1
}

echo "== results (medians of $REPS; time ratio = VoxDiff / peer; ref = the float32 volume(s))"
ct_mib=$(awk -v s="$SLICES" 'BEGIN {print s * 512 * 512 * 4 / 1048576}')
pair_mib=$(awk -v i="${PAIR[0]}" -v j="${PAIR[1]}" -v k="${PAIR[2]}" \
  'BEGIN {print 2 * i * j * k * 4 / 1048576}')
report "DICOM load ($SLICES x 512 x 512 int16)" info dcm2niix "$ct_mib"
report "NIfTI pair compare (${PAIR[0]}x${PAIR[1]}x${PAIR[2]})" compare numpy "$pair_mib"
awk -v s="$(median pagecache 1)" -v m="$pair_mib" \
  'BEGIN {printf "floor: page-cache read of the pair (cat) %.2f s (%.1f GiB/s)\n", s, m / 1024 / (s > 0 ? s : 1e-3)}'
[ "$SMALL" = 1 ] || "$PY" -c '
import time, numpy as np
a = np.ones(1 << 28, dtype=np.float32); a.sum()
t = time.perf_counter(); a.sum(); s = time.perf_counter() - t
print("floor: one core reads memory at %.1f GiB/s (numpy sum over 1 GiB)" % (1 / s))' 2>/dev/null || true
if [ "$have_viewer" = 1 ]; then
  awk -v f="$(median viewer 1)" -v s="$(median viewer 2)" -v c="$(median viewer 3)" \
    'BEGIN {printf "viewer, same pair: first image on screen %.2f s, second %.2f s, verdict shown %.2f s (goals <= 3 s, <= 8 s)\n", f, s, c}'
else
  echo "viewer: skipped (no $VIEWER or no xvfb-run)"
fi
# bench_compare takes its own medians (5 same-grid runs, 3 resampled).
"$BUILD/bench/bench_compare" "${COMPARE_DIMS[@]}" | grep -E "median|^bench_compare"

#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, address + undefined sanitizers) and runs each for a
# bounded time on a seed corpus made from ../shared/data (copied into the build folder, never
# into the repository). Usage: scripts/fuzz.sh [SECONDS_PER_HARNESS] (default 60).
# Exits non-zero when a harness finds a crash; the reproducer is left in build-fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
BUILD_DIR=build-fuzz
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVOXDIFF_BUILD_FUZZERS=ON -DVOXDIFF_SANITIZE=address,undefined \
  -DVOXDIFF_BUILD_GUI=OFF -DVOXDIFF_BUILD_TESTS=OFF -DVOXDIFF_BUILD_BENCH=OFF >/dev/null
${VOXDIFF_BUILD_LOCK:+flock "$VOXDIFF_BUILD_LOCK"} cmake --build "$BUILD_DIR" -j2 --target FuzzNifti FuzzDicomFile FuzzDicomSeries

DATA=${VOXDIFF_SHARED_DATA:-../shared/data}
CORPUS="$BUILD_DIR/corpus"
mkdir -p "$CORPUS/nifti" "$CORPUS/dicom" "$CORPUS/series" "$BUILD_DIR/crashes"
if [ -d "$DATA" ]; then
  # Small seeds keep each run fast: files under 256 KiB.
  find "$DATA" -path '*/nifti/*' -name '*.nii*' -size -256k -exec cp -n {} "$CORPUS/nifti/" \; 2>/dev/null || true
  n=0
  for f in $(find "$DATA" -path '*/dicom/*' -type f -size -256k | sort); do
    cp -n "$f" "$CORPUS/dicom/seed_$n" 2>/dev/null || true
    n=$((n + 1))
  done
  # Series seeds: pairs of consecutive files of one case, concatenated.
  for d in $(find "$DATA" -maxdepth 2 -name dicom -type d | sort); do
    files=$(find "$d" -type f -size -64k | sort | head -2)
    [ -n "$files" ] && cat $files > "$CORPUS/series/$(basename "$(dirname "$d")")" || true
  done
else
  echo "fuzz: $DATA not found: starting from empty corpora" >&2
fi

status=0
run() {
  local harness=$1 corpus=$2 memory=$3 leaks=$4
  echo "fuzz: $harness for ${SECONDS_EACH}s on $(ls "$corpus" | wc -l) seeds"
  if ! ASAN_OPTIONS=detect_leaks=$leaks:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
      "$BUILD_DIR/tests/fuzz/$harness" "$corpus" -max_total_time="$SECONDS_EACH" -timeout=10 \
      $memory -max_len=1048576 -artifact_prefix="$BUILD_DIR/crashes/$harness-" \
      -print_final_stats=1 >"$BUILD_DIR/$harness.log" 2>&1; then
    echo "fuzz: $harness FAILED; see $BUILD_DIR/$harness.log and $BUILD_DIR/crashes/" >&2
    tail -40 "$BUILD_DIR/$harness.log" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$BUILD_DIR/$harness.log" | tail -2
  fi
}
# GDCM allocates an element's declared length (at most 4 GiB, a 32-bit VL) before it finds
# the file too short, and frees it again: the DICOM harnesses allow one such allocation. When
# GDCM aborts on a malformed file, VoxDiff's abort guard leaks what GDCM had allocated, so the
# DICOM harnesses run without leak detection (docs/robustness.md).
run FuzzNifti "$CORPUS/nifti" "-rss_limit_mb=2048" 1
run FuzzDicomFile "$CORPUS/dicom" "-rss_limit_mb=12288 -malloc_limit_mb=4200" 0
run FuzzDicomSeries "$CORPUS/series" "-rss_limit_mb=12288 -malloc_limit_mb=4200" 0
exit $status

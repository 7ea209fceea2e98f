#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The libFuzzer harnesses (tests/fuzz/: FuzzNifti, FuzzDicomFile, FuzzDicomSeries, FuzzMultipart),
# built with clang and the address + undefined-behaviour sanitizers, leak detection on, in one
# build with the sanitized tests ($VOXDIFF_FUZZ_BUILD_DIR, default build-fuzz/). Three modes:
#
#   scripts/fuzz.sh --build-only
#       Configures and builds that build (library, tests, harnesses) and stops.
#
#   scripts/fuzz.sh --gate
#       What scripts/test.sh runs: a replay, not an exploration, so one commit always passes or
#       always fails. Each harness runs once on every committed finding in
#       tests/fuzz/regressions/<harness>/ (exact replay, one file at a time), then a fixed number
#       of mutations (-runs) from a fixed seed (-seed) over the regression and seed corpora.
#
#   scripts/fuzz.sh [SECONDS_PER_HARNESS] [HARNESS...]      (default 600 s, every harness)
#       Exploration, for long runs in the background, e.g.
#         nice -n 19 bash scripts/fuzz.sh 1800 FuzzDicomFile > fuzz-dicom.log 2>&1 &
#       Findings land in build-fuzz/crashes/<harness>-{crash,leak,oom,timeout}-*. Each one goes
#       into the regression corpus: copy it to tests/fuzz/regressions/<harness>/<what-it-is>,
#       add its expected verdict to tests/fuzz/regressions/expected.tsv, fix the reader (a
#       structure rule with a stable name, docs/robustness.md), and commit both. From then on
#       the gate and FuzzRegression.* (tests/core/FuzzRegressionTest.cpp) replay it.
#
# Seeds are copied from ../shared/data (or $VOXDIFF_SHARED_DATA) into build-fuzz/corpus/, never
# into the repository. Exits non-zero when a harness fails.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${VOXDIFF_FUZZ_BUILD_DIR:-build-fuzz}
REGRESSIONS=tests/fuzz/regressions
HARNESSES=(FuzzNifti FuzzDicomFile FuzzDicomSeries FuzzMultipart)
GATE_RUNS=${VOXDIFF_FUZZ_GATE_RUNS:-2000}
GATE_SEED=1

mode=explore
seconds=600
if [ "${1:-}" = "--gate" ]; then
  mode=gate
  shift
elif [ "${1:-}" = "--build-only" ]; then
  mode=build
  shift
elif [ -n "${1:-}" ]; then
  seconds=$1
  shift
fi
[ $# -gt 0 ] && HARNESSES=("$@")

cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVOXDIFF_BUILD_FUZZERS=ON -DVOXDIFF_SANITIZE=address,undefined \
  -DVOXDIFF_BUILD_GUI=OFF -DVOXDIFF_BUILD_TESTS=ON -DVOXDIFF_BUILD_BENCH=OFF >/dev/null
# Everything: the sanitizer stage of scripts/test.sh runs the tests of this same build.
${VOXDIFF_BUILD_LOCK:+flock "$VOXDIFF_BUILD_LOCK"} cmake --build "$BUILD_DIR" -j2
[ "$mode" = build ] && exit 0

DATA=${VOXDIFF_SHARED_DATA:-../shared/data}
CORPUS="$BUILD_DIR/corpus"
mkdir -p "$CORPUS/FuzzNifti" "$CORPUS/FuzzDicomFile" "$CORPUS/FuzzDicomSeries" "$CORPUS/FuzzMultipart" \
  "$BUILD_DIR/crashes"
if [ -d "$DATA" ]; then
  # Small seeds keep each run fast: files under 256 KiB.
  find "$DATA" -path '*/nifti/*' -name '*.nii*' -size -256k -exec cp -n {} "$CORPUS/FuzzNifti/" \; 2>/dev/null || true
  n=0
  for f in $(find "$DATA" -path '*/dicom/*' -type f -size -256k | sort); do
    cp -n "$f" "$CORPUS/FuzzDicomFile/seed_$n" 2>/dev/null || true
    n=$((n + 1))
  done
  # Series seeds: pairs of consecutive files of one case, concatenated.
  # No "| head" here: under pipefail, head closing the pipe early kills sort with SIGPIPE on
  # some runs and not others (exit 141, the CI run of stop 21). The whole list is read instead.
  for d in $(find "$DATA" -maxdepth 2 -name dicom -type d | sort); do
    mapfile -t files < <(find "$d" -type f -size -64k | sort)
    if [ ${#files[@]} -gt 0 ]; then
      cat "${files[@]:0:2}" > "$CORPUS/FuzzDicomSeries/$(basename "$(dirname "$d")")" || true
    fi
  done
else
  echo "fuzz: $DATA not found: seeds are the regression corpus only" >&2
fi

# Leak detection is on everywhere. The decoding helper the DICOM harnesses spawn inherits these.
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# No input may make VoxDiff allocate much beyond the fuzzing volume budget (64 MiB of voxels).
LIMITS="-rss_limit_mb=2048 -malloc_limit_mb=512 -timeout=25 -max_len=1048576"

status=0
replay() {
  local harness=$1 bin="$BUILD_DIR/tests/fuzz/$1" n=0
  export VOXDIFF_FUZZ_SCRATCH="$PWD/$BUILD_DIR/gate-scratch/$harness"
  for f in $(find "$REGRESSIONS/$harness" -type f 2>/dev/null | sort); do
    if ! "$bin" $LIMITS "$f" >"$BUILD_DIR/$harness.replay.log" 2>&1; then
      echo "fuzz gate: $harness FAILED on the committed finding $f" >&2
      tail -40 "$BUILD_DIR/$harness.replay.log" >&2
      status=1
    fi
    n=$((n + 1))
  done
  echo "fuzz gate: $harness replayed $n committed findings"
  # A fixed scratch path: no process id in what the readers see (tests/fuzz/FuzzInput.h).
  export VOXDIFF_FUZZ_SCRATCH="$PWD/$BUILD_DIR/gate-scratch/$harness"
  local scratch="$BUILD_DIR/gate-corpus/$harness"
  rm -rf "$scratch" && mkdir -p "$scratch" "$REGRESSIONS/$harness"
  # The scratch folder comes first: libFuzzer writes new inputs there, never into the repo.
  if ! "$bin" "$scratch" "$REGRESSIONS/$harness" "$CORPUS/$harness" -runs="$GATE_RUNS" \
      -seed="$GATE_SEED" $LIMITS -artifact_prefix="$BUILD_DIR/crashes/$harness-" \
      -print_final_stats=1 >"$BUILD_DIR/$harness.gate.log" 2>&1; then
    echo "fuzz gate: $harness FAILED after a fixed $GATE_RUNS runs (seed $GATE_SEED);" \
      "see $BUILD_DIR/$harness.gate.log and $BUILD_DIR/crashes/" >&2
    tail -40 "$BUILD_DIR/$harness.gate.log" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$BUILD_DIR/$harness.gate.log" | tail -2
  fi
}
explore() {
  local harness=$1 bin="$BUILD_DIR/tests/fuzz/$1"
  local work="$BUILD_DIR/explore-corpus/$harness"
  mkdir -p "$work" "$REGRESSIONS/$harness"
  echo "fuzz: $harness for ${seconds}s (log: $BUILD_DIR/$harness.log)"
  if ! "$bin" "$work" "$REGRESSIONS/$harness" "$CORPUS/$harness" -max_total_time="$seconds" \
      $LIMITS -artifact_prefix="$BUILD_DIR/crashes/$harness-" -print_final_stats=1 \
      >"$BUILD_DIR/$harness.log" 2>&1; then
    echo "fuzz: $harness found something: see $BUILD_DIR/$harness.log and $BUILD_DIR/crashes/" >&2
    tail -40 "$BUILD_DIR/$harness.log" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$BUILD_DIR/$harness.log" | tail -2
  fi
}
for h in "${HARNESSES[@]}"; do
  if [ "$mode" = gate ]; then replay "$h"; else explore "$h"; fi
done
exit $status

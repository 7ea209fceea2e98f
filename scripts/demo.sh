#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Installs what is missing, builds, writes the built-in sample pair (a float NIfTI PET volume in
# SUV and the same voxels as a classic int16 PET DICOM series) and opens it: in the viewer where
# a display exists, otherwise as an HTML report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
DEMO_DIR=${VOXDIFF_DEMO_DIR:-$PWD/out/demo}
# --force: running the demo again replaces the demo's own files (and nothing else).
build/app/cli/voxdiff-cli demo "$DEMO_DIR" --force
FIRST="$DEMO_DIR/pet_suv.nii.gz"
SECOND="$DEMO_DIR/pet_dicom"
if [ -n "${DISPLAY:-}" ] && [ -x build/app/gui/voxdiff ]; then
  exec build/app/gui/voxdiff "$FIRST" "$SECOND"
fi
# No display: the difference report instead (the command prints where it wrote it).
exec build/app/cli/voxdiff-cli compare "$FIRST" "$SECOND" --suv --html "$DEMO_DIR/report.html" \
  --pdf "$DEMO_DIR/report.pdf" --json "$DEMO_DIR/report.json" --force

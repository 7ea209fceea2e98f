#!/usr/bin/env bash
# Installs what is missing, builds, writes the built-in sample pair (a float NIfTI PET volume in
# SUV and the same voxels as a classic int16 PET DICOM series) and opens it: in the viewer where
# a display exists, otherwise as an HTML report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
DEMO_DIR=${VOXDIFF_DEMO_DIR:-$PWD/out/demo}
mkdir -p "$(dirname "$DEMO_DIR")"
rm -rf "$DEMO_DIR"
build/app/cli/voxdiff-cli demo "$DEMO_DIR"
FIRST="$DEMO_DIR/pet_suv.nii.gz"
SECOND="$DEMO_DIR/pet_dicom"
if [ -n "${DISPLAY:-}" ] && [ -x build/app/gui/voxdiff ]; then
  exec build/app/gui/voxdiff "$FIRST" "$SECOND"
fi
set +e
build/app/cli/voxdiff-cli compare "$FIRST" "$SECOND" --suv --html "$DEMO_DIR/report.html" --json "$DEMO_DIR/report.json"
status=$?
set -e
if [ -f "$DEMO_DIR/report.html" ]; then
  echo "Report written to $DEMO_DIR/report.html"
fi
exit $status

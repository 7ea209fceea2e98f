#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Installs the Debian bookworm packages VoxDiff needs to build, run and test.
# Idempotent: packages already present are skipped; nothing is downloaded outside apt.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # core libraries
  libgdcm-dev libnifti2-dev libznz-dev zlib1g-dev
  # .nii.gz voxels: libdeflate (whole-buffer inflate, twice as fast as zlib)
  libdeflate-dev
  # GUI: Qt 6 (Widgets, OpenGLWidgets) and VTK 9.1 (rendering only; no VTK Qt module)
  qt6-base-dev libqt6opengl6-dev qt6-qpa-plugins libxkbcommon-dev libvtk9-dev
  fonts-dejavu-core
  # tests: GoogleTest, headless X + Mesa software OpenGL, DICOM validator, PDF rasteriser
  libgtest-dev libgmock-dev xvfb xauth libgl1-mesa-dri dicom3tools poppler-utils
  # tests: Parametric Maps written independently of VoxDiff (tests/support/make_parametric_map.py)
  python3-pydicom python3-numpy
  # reports: PDF, PNG figures and charts through cairo + pango (fonts found by fontconfig:
  # DejaVu, Noto CJK), JSON through nlohmann-json
  libcairo2-dev libpango1.0-dev fonts-noto-cjk nlohmann-json3-dev
  # tests: the HTML report in a real browser engine (headless)
  chromium
  # tests: dcmconv re-encodes a shared PET case as implicit VR with defined-length sequences
  dcmtk
  # fuzzing (libFuzzer ships with clang's runtime)
  clang libclang-rt-14-dev
  # source hygiene: tests/lint (scripts/check-source.sh)
  clang-format
  # packaging: dpkg-shlibdeps for CPack's Depends (dpkg-dev, also in build-essential),
  # desktop-file-validate for the packaging test
  dpkg-dev desktop-file-utils
  # batch QA: the GNU parallel recipe of docs/batch.md is run by the batch tests
  parallel
  # DICOMweb client (core, libcurl) and its tests' server: Orthanc 1.10 with the DICOMweb plugin
  libcurl4-openssl-dev orthanc orthanc-dicomweb
  # DICOMweb TLS tests: a private CA (openssl) and an HTTPS front for Orthanc (socat)
  openssl socat
  # the small benchmark run in the tests (bench/run_peers.sh --small) reads peak memory with it
  time
  # tests: a comma-decimal locale (de_DE.UTF-8, generated below) under which loads and
  # reports must not change (the viewer runs under the user's locale)
  locales
)

# The test locale: generated once (localedef from the locales package), kept afterwards.
ensure_test_locale() {
  local have
  have=$(locale -a 2>/dev/null || true)
  case "$have" in
    *de_DE.utf8*) return 0 ;;
  esac
  echo "setup: generating the de_DE.UTF-8 locale for the tests"
  $SUDO localedef -i de_DE -f UTF-8 de_DE.UTF-8
}

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  if [ "$status" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  ensure_test_locale
  exit 0
fi

echo "setup: installing ${#missing[@]} missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Installing orthanc must not start its system daemon (ports 8042/4242): while installing,
# a policy-rc.d forbids service starts (one already present, e.g. Docker's, is kept as is).
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  trap '$SUDO rm -f "$policy"' EXIT
fi
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
ensure_test_locale
echo "setup: done"
